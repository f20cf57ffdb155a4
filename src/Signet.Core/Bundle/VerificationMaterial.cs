using System.Text.Json;

namespace Signet.Core.Bundle;

/// <summary>
/// protobuf-specs <c>VerificationMaterial</c>: exactly one of a public-key hint, an X.509 chain (v0.1/v0.2) or a
/// single leaf certificate (v0.3); the transparency log entries; and the RFC 3161 timestamps.
/// Certificates are kept as DER bytes; the verifier decodes them.
/// </summary>
public sealed record VerificationMaterial(
    PublicKeyIdentifier? PublicKey,
    IReadOnlyList<byte[]>? X509CertificateChain,
    byte[]? Certificate,
    IReadOnlyList<TransparencyLogEntry> TlogEntries,
    IReadOnlyList<Rfc3161SignedTimestamp> Rfc3161Timestamps)
{
    /// <summary>The signing certificate: the v0.3 leaf, or the first certificate of a v0.1/v0.2 chain.</summary>
    public byte[]? LeafCertificate => Certificate ?? (X509CertificateChain is { Count: > 0 } c ? c[0] : null);

    internal static VerificationMaterial Read(JsonElement e, string path)
    {
        var pk = ProtoJson.OptionalObject(e, "publicKey", path);
        var chain = ProtoJson.OptionalObject(e, "x509CertificateChain", path);
        var cert = ProtoJson.OptionalObject(e, "certificate", path);
        var set = (pk is null ? 0 : 1) + (chain is null ? 0 : 1) + (cert is null ? 0 : 1);
        if (set != 1)
        {
            throw new SignetFormatException($"{path}: exactly one of publicKey, x509CertificateChain and certificate must be set (found {set})");
        }

        IReadOnlyList<byte[]>? certificates = null;
        if (chain is not null)
        {
            certificates = ProtoJson.Array(chain.Value, "certificates", $"{path}.x509CertificateChain", ReadCertificate);
            if (certificates.Count == 0)
            {
                throw new SignetFormatException($"{path}.x509CertificateChain.certificates: empty (the chain must hold the signing certificate)");
            }
        }

        var tsData = ProtoJson.OptionalObject(e, "timestampVerificationData", path);
        var timestamps = tsData is null
            ? []
            : ProtoJson.Array(tsData.Value, "rfc3161Timestamps", $"{path}.timestampVerificationData", Rfc3161SignedTimestamp.Read);

        return new VerificationMaterial(
            pk is null ? null : new PublicKeyIdentifier(ProtoJson.OptionalString(pk.Value, "hint", $"{path}.publicKey")),
            certificates,
            cert is null ? null : ReadCertificate(cert.Value, $"{path}.certificate"),
            ProtoJson.Array(e, "tlogEntries", path, TransparencyLogEntry.Read),
            timestamps);
    }

    internal static byte[] ReadCertificate(JsonElement e, string path)
    {
        ProtoJson.RequireObject(e, path);
        var der = ProtoJson.RequiredBytes(e, "rawBytes", path);
        if (der.Length == 0)
        {
            throw new SignetFormatException($"{path}.rawBytes: empty certificate");
        }

        return der;
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("verificationMaterial");
        if (PublicKey is not null)
        {
            w.WriteStartObject("publicKey");
            if (PublicKey.Hint is not null)
            {
                w.WriteString("hint", PublicKey.Hint);
            }

            w.WriteEndObject();
        }

        if (X509CertificateChain is not null)
        {
            w.WriteStartObject("x509CertificateChain");
            w.WriteStartArray("certificates");
            foreach (var c in X509CertificateChain)
            {
                WriteCertificate(w, null, c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        if (Certificate is not null)
        {
            WriteCertificate(w, "certificate", Certificate);
        }

        w.WriteStartArray("tlogEntries");
        foreach (var t in TlogEntries)
        {
            t.Write(w);
        }

        w.WriteEndArray();
        if (Rfc3161Timestamps.Count > 0)
        {
            w.WriteStartObject("timestampVerificationData");
            w.WriteStartArray("rfc3161Timestamps");
            foreach (var t in Rfc3161Timestamps)
            {
                w.WriteStartObject();
                ProtoJson.WriteBytes(w, "signedTimestamp", t.SignedTimestamp);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteCertificate(Utf8JsonWriter w, string? name, byte[] der)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        ProtoJson.WriteBytes(w, "rawBytes", der);
        w.WriteEndObject();
    }
}

/// <summary>protobuf-specs <c>PublicKeyIdentifier</c>: an optional hint naming a key the verifier already holds.</summary>
public sealed record PublicKeyIdentifier(string? Hint);

/// <summary>protobuf-specs <c>RFC3161SignedTimestamp</c>: a DER <c>TimeStampResp</c> (RFC 3161 §2.4.2).</summary>
public sealed record Rfc3161SignedTimestamp(byte[] SignedTimestamp)
{
    internal static Rfc3161SignedTimestamp Read(JsonElement e, string path)
    {
        ProtoJson.RequireObject(e, path);
        var bytes = ProtoJson.RequiredBytes(e, "signedTimestamp", path);
        if (bytes.Length == 0)
        {
            throw new SignetFormatException($"{path}.signedTimestamp: empty");
        }

        return new Rfc3161SignedTimestamp(bytes);
    }
}
