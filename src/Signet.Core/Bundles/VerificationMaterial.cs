using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

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

    internal static VerificationMaterial Read(JsonField e)
    {
        var pk = e.OptionalObject("publicKey");
        var chain = e.OptionalObject("x509CertificateChain");
        var cert = e.OptionalObject("certificate");
        var set = (pk is null ? 0 : 1) + (chain is null ? 0 : 1) + (cert is null ? 0 : 1);
        if (set != 1)
        {
            throw new SignetFormatException($"{e.Path}: exactly one of publicKey, x509CertificateChain and certificate must be set (found {set})");
        }

        IReadOnlyList<byte[]>? certificates = null;
        if (chain is not null)
        {
            certificates = chain.Value.Array("certificates", ReadCertificate);
            if (certificates.Count == 0)
            {
                throw new SignetFormatException($"{e.Path}.x509CertificateChain.certificates: empty (the chain must hold the signing certificate)");
            }
        }

        var tsData = e.OptionalObject("timestampVerificationData");
        var timestamps = tsData is null
            ? []
            : tsData.Value.Array("rfc3161Timestamps", Rfc3161SignedTimestamp.Read);

        return new VerificationMaterial(
            pk is null ? null : new PublicKeyIdentifier(pk.Value.OptionalString("hint")),
            certificates,
            cert is null ? null : ReadCertificate(cert.Value),
            e.Array("tlogEntries", TransparencyLogEntry.Read),
            timestamps);
    }

    internal static byte[] ReadCertificate(JsonField e)
    {
        e.RequireObject();
        var der = e.RequiredBytes("rawBytes");
        if (der.Length == 0)
        {
            throw new SignetFormatException($"{e.Path}.rawBytes: empty certificate");
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
                ProtobufJson.WriteBytes(w, "signedTimestamp", t.SignedTimestamp);
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

        ProtobufJson.WriteBytes(w, "rawBytes", der);
        w.WriteEndObject();
    }
}

/// <summary>protobuf-specs <c>PublicKeyIdentifier</c>: an optional hint naming a key the verifier already holds.</summary>
public sealed record PublicKeyIdentifier(string? Hint);

/// <summary>protobuf-specs <c>RFC3161SignedTimestamp</c>: a DER <c>TimeStampResp</c> (RFC 3161 §2.4.2).</summary>
public sealed record Rfc3161SignedTimestamp(byte[] SignedTimestamp)
{
    internal static Rfc3161SignedTimestamp Read(JsonField e)
    {
        e.RequireObject();
        var bytes = e.RequiredBytes("signedTimestamp");
        if (bytes.Length == 0)
        {
            throw new SignetFormatException($"{e.Path}.signedTimestamp: empty");
        }

        return new Rfc3161SignedTimestamp(bytes);
    }
}
