using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>
/// protobuf-specs <c>dev.sigstore.trustroot.v1.TrustedRoot</c> (media types v0.1 and v0.2): the transparency logs,
/// certificate authorities, CT logs and timestamp authorities a verifier trusts, each with its validity window.
/// </summary>
public sealed record TrustedRoot(
    string MediaType,
    IReadOnlyList<TransparencyLogInstance> Tlogs,
    IReadOnlyList<CertificateAuthority> CertificateAuthorities,
    IReadOnlyList<TransparencyLogInstance> Ctlogs,
    IReadOnlyList<CertificateAuthority> TimestampAuthorities)
{
    /// <summary>The largest trusted root document accepted (16 MiB).</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    /// <summary>
    /// Parses a trusted root (protobuf-specs <c>TrustedRoot</c> JSON, v0.1 or v0.2) through the strict JSON reader;
    /// refuses unknown media types.
    /// </summary>
    public static TrustedRoot Parse(ReadOnlySpan<byte> utf8Json)
    {
        return ProtobufJson.Parse(utf8Json, "trustedRoot", MaxSize, Read);
    }

    internal static TrustedRoot Read(JsonField e)
    {
        e.RequireObject();
        var mediaType = e.RequiredString("mediaType");
        if (mediaType is not (MediaTypes.TrustedRootV01 or MediaTypes.TrustedRootV01Suffix or MediaTypes.TrustedRootV02))
        {
            throw new SignetFormatException($"{e.Path}.mediaType: unsupported trusted root media type '{MediaTypes.Truncate(mediaType)}'");
        }

        return new TrustedRoot(
            mediaType,
            e.Array("tlogs", TransparencyLogInstance.Read),
            e.Array("certificateAuthorities", CertificateAuthority.Read),
            e.Array("ctlogs", TransparencyLogInstance.Read),
            e.Array("timestampAuthorities", CertificateAuthority.Read));
    }

    /// <summary>Writes the trusted root as protobuf JSON, in the field order protobuf-specs declares.</summary>
    public byte[] ToJson() => ProtobufJson.Write(Write);

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", MediaType);
        WriteList(w, "tlogs", Tlogs, (x, t) => t.Write(x));
        WriteList(w, "certificateAuthorities", CertificateAuthorities, (x, c) => c.Write(x));
        WriteList(w, "ctlogs", Ctlogs, (x, t) => t.Write(x));
        WriteList(w, "timestampAuthorities", TimestampAuthorities, (x, c) => c.Write(x));
        w.WriteEndObject();
    }

    private static void WriteList<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var i in items)
        {
            write(w, i);
        }

        w.WriteEndArray();
    }
}

/// <summary>
/// protobuf-specs <c>TransparencyLogInstance</c>: a log (Rekor or CT) by base URL, its public key with validity,
/// its log id (SHA-256 of the key, or the C2SP key id for Rekor v2) and optional checkpoint key id.
/// </summary>
public sealed record TransparencyLogInstance(
    string BaseUrl,
    string HashAlgorithm,
    PublicKeyDetails PublicKey,
    byte[] LogId,
    byte[]? CheckpointKeyId,
    string? Operator)
{
    internal static TransparencyLogInstance Read(JsonField e)
    {
        e.RequireObject();
        var baseUrl = e.OptionalString("baseUrl") ?? string.Empty;
        var hash = e.OptionalString("hashAlgorithm") ?? "SHA2_256";
        var pk = PublicKeyDetails.Read(e.RequiredObject("publicKey"));
        var logId = e.RequiredObject("logId").RequiredBytes("keyId");
        var cp = e.OptionalObject("checkpointKeyId");
        return new TransparencyLogInstance(
            baseUrl,
            hash,
            pk,
            logId,
            cp is null ? null : cp.Value.RequiredBytes("keyId"),
            e.OptionalString("operator"));
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("baseUrl", BaseUrl);
        w.WriteString("hashAlgorithm", HashAlgorithm);
        PublicKey.Write(w);
        w.WriteStartObject("logId");
        ProtobufJson.WriteBytes(w, "keyId", LogId);
        w.WriteEndObject();
        if (CheckpointKeyId is not null)
        {
            w.WriteStartObject("checkpointKeyId");
            ProtobufJson.WriteBytes(w, "keyId", CheckpointKeyId);
            w.WriteEndObject();
        }

        if (Operator is not null)
        {
            w.WriteString("operator", Operator);
        }

        w.WriteEndObject();
    }
}

/// <summary>protobuf-specs <c>PublicKey</c>: DER SPKI bytes, the key's algorithm by registry name, and its validity.</summary>
public sealed record PublicKeyDetails(byte[] RawBytes, string KeyDetails, TimeRange? ValidFor)
{
    internal static PublicKeyDetails Read(JsonField e)
    {
        var raw = e.RequiredBytes("rawBytes");
        if (raw.Length == 0)
        {
            throw new SignetFormatException($"{e.Path}.rawBytes: empty key");
        }

        return new PublicKeyDetails(
            raw,
            e.OptionalString("keyDetails") ?? "PUBLIC_KEY_DETAILS_UNSPECIFIED",
            TimeRange.ReadOptional(e, "validFor"));
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("publicKey");
        ProtobufJson.WriteBytes(w, "rawBytes", RawBytes);
        w.WriteString("keyDetails", KeyDetails);
        ValidFor?.Write(w, "validFor");
        w.WriteEndObject();
    }
}

/// <summary>
/// protobuf-specs <c>CertificateAuthority</c> (used for Fulcio CAs and timestamp authorities): subject, URI,
/// the chain (DER, leaf/intermediates first, root last) and the window in which it may be trusted.
/// </summary>
public sealed record CertificateAuthority(
    DistinguishedName Subject,
    string Uri,
    IReadOnlyList<byte[]> CertChain,
    TimeRange? ValidFor,
    string? Operator)
{
    internal static CertificateAuthority Read(JsonField e)
    {
        e.RequireObject();
        var s = e.OptionalObject("subject");
        var subject = s is null
            ? new DistinguishedName(string.Empty, string.Empty)
            : new DistinguishedName(
                s.Value.OptionalString("organization") ?? string.Empty,
                s.Value.OptionalString("commonName") ?? string.Empty);
        var chain = e.RequiredObject("certChain");
        var certs = chain.Array("certificates", VerificationMaterial.ReadCertificate);
        if (certs.Count == 0)
        {
            throw new SignetFormatException($"{e.Path}.certChain.certificates: empty");
        }

        return new CertificateAuthority(
            subject,
            e.OptionalString("uri") ?? string.Empty,
            certs,
            TimeRange.ReadOptional(e, "validFor"),
            e.OptionalString("operator"));
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartObject("subject");
        w.WriteString("organization", Subject.Organization);
        w.WriteString("commonName", Subject.CommonName);
        w.WriteEndObject();
        if (Uri.Length > 0)
        {
            w.WriteString("uri", Uri);
        }

        w.WriteStartObject("certChain");
        w.WriteStartArray("certificates");
        foreach (var c in CertChain)
        {
            w.WriteStartObject();
            ProtobufJson.WriteBytes(w, "rawBytes", c);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        ValidFor?.Write(w, "validFor");
        if (Operator is not null)
        {
            w.WriteString("operator", Operator);
        }

        w.WriteEndObject();
    }
}

/// <summary>protobuf-specs <c>DistinguishedName</c>.</summary>
public sealed record DistinguishedName(string Organization, string CommonName);
