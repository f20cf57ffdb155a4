using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Encoding;
using Signet.Core.Json;
using Signet.Core.Verification;

namespace Signet.Core.Rekor;

/// <summary>The key material a log entry names: a certificate (DER) or a public key (SPKI DER).</summary>
public sealed record EntryVerifier(byte[]? CertificateDer, byte[]? PublicKeySpki)
{
    /// <summary>Whether this is the bundle's certificate (when it has one) or else its public key, byte for byte.</summary>
    public bool Matches(byte[]? leafDer, byte[]? spki)
        => leafDer is not null
            ? CertificateDer is not null && CertificateDer.AsSpan().SequenceEqual(leafDer)
            : spki is not null && PublicKeySpki is not null && PublicKeySpki.AsSpan().SequenceEqual(spki);

    /// <summary>From the PEM (certificate or public key) Rekor v1 bodies store, base64-encoded.</summary>
    public static EntryVerifier FromPem(byte[] pemBytes, string path)
    {
        var blocks = Pem.DecodeAll(System.Text.Encoding.UTF8.GetString(pemBytes));
        if (blocks.Count == 0)
        {
            throw new SignetFormatException($"{path}: no PEM block");
        }

        return blocks[0].Label switch
        {
            PemLabels.Certificate => new EntryVerifier(blocks[0].Der, null),
            PemLabels.PublicKey => new EntryVerifier(null, blocks[0].Der),
            _ => throw new SignetFormatException($"{path}: unexpected PEM block '{blocks[0].Label}'"),
        };
    }
}

/// <summary>One signature an entry records (empty for intoto 0.0.1, which records none), with the key material it names.</summary>
public sealed record EntrySignature(byte[] Signature, EntryVerifier Verifier);

/// <summary>
/// The claims of a stored Rekor entry body (the canonicalized body of a bundle's tlog entry), read per kind and API
/// version by <see cref="HashedRekordV001"/>, <see cref="HashedRekordV002"/>, <see cref="DsseV001"/>,
/// <see cref="IntotoV001"/> and <see cref="IntotoV002"/>. Only what verification compares is kept.
/// </summary>
public sealed record LogEntryBody(
    string Kind,
    string ApiVersion,
    HashAlgorithmName? DigestAlgorithm,
    byte[]? Digest,
    IReadOnlyList<EntrySignature> Signatures,
    byte[]? PayloadHash,
    byte[]? Payload,
    string? PayloadType)
{
    /// <summary>
    /// Reads <paramref name="body"/> (<c>{apiVersion, kind, spec}</c>), which must be of the <paramref name="expected"/>
    /// kind and version; <paramref name="path"/> names it in errors. Malformed JSON is a <see cref="SignetFormatException"/>;
    /// another or an unknown kind is a <see cref="VerificationException"/> (the entry does not match the bundle).
    /// </summary>
    public static LogEntryBody Parse(byte[] body, KindVersion expected, string path)
    {
        ArgumentNullException.ThrowIfNull(expected);
        using var doc = StrictJson.Parse(body, path, JsonLimits.ProtobufMessage);
        var root = JsonField.Root(doc.RootElement, path).RequireObject();
        var kind = root.RequiredString("kind");
        var version = root.RequiredString("apiVersion");
        if (kind != expected.Kind || version != expected.Version)
        {
            throw new VerificationException(
                VerificationErrorCode.TransparencyLogEntryMismatch,
                $"log entry body is {kind} {version} but the bundle says {expected.Kind} {expected.Version}");
        }

        var spec = root.RequiredObject("spec");
        return (kind, version) switch
        {
            (HashedRekordV001.Kind, HashedRekordV001.Version) => HashedRekordV001.Read(spec),
            (HashedRekordV002.Kind, HashedRekordV002.Version) => HashedRekordV002.Read(spec),
            (DsseV001.Kind, DsseV001.Version) => DsseV001.Read(spec),
            (IntotoV001.Kind, IntotoV001.Version) => IntotoV001.Read(spec),
            (IntotoV002.Kind, IntotoV002.Version) => IntotoV002.Read(spec),
            _ => throw new VerificationException(
                VerificationErrorCode.TransparencyLogEntryMismatch,
                $"log entry kind {MediaTypes.Truncate(kind)} {MediaTypes.Truncate(version)} is not supported"),
        };
    }
}
