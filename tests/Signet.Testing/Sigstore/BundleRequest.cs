using Signet.Client.Signing;
using Signet.Core.InToto;
using Signet.Core.Keys;

namespace Signet.Testing.Sigstore;

/// <summary>The transparency log a virtual-Sigstore bundle is recorded in.</summary>
public enum BundleLog
{
    /// <summary>No log entry (the bundle then needs a signed timestamp, or a key and an unsafe verifier).</summary>
    None,

    /// <summary>Rekor v1: an entry with integrated time, signed entry timestamp and inclusion proof.</summary>
    RekorV1,

    /// <summary>Rekor v2: a hashedrekord 0.0.2 entry with an inclusion proof and no integrated time.</summary>
    RekorV2,
}

/// <summary>
/// What bundle a <see cref="VirtualSigstore"/> issues: its version, what is signed, by whom, where it is logged and
/// whether it is timestamped. The defaults give a v0.3 keyless message-signature bundle logged in Rekor v1.
/// </summary>
public sealed record BundleRequest
{
    /// <summary>The identity (e-mail SAN) a keyless bundle's certificate names.</summary>
    public const string DefaultIdentity = "alice@example.com";

    /// <summary>The artifact signed (message signature), or the subject of the statement in <see cref="Payload"/> (DSSE).</summary>
    public byte[] Artifact { get; init; } = "hello, virtual sigstore\n"u8.ToArray();

    /// <summary>Sign a DSSE envelope over an in-toto statement about <see cref="Artifact"/> instead of the artifact itself.</summary>
    public bool Dsse { get; init; }

    /// <summary>The envelope's payload for <see cref="Dsse"/>; an in-toto statement with <see cref="Artifact"/> as its subject by default.</summary>
    public byte[]? Payload { get; init; }

    /// <summary>The envelope's payload type for <see cref="Dsse"/>.</summary>
    public string PayloadType { get; init; } = InTotoStatement.PayloadType;

    /// <summary>1, 2 or 3: the bundle's minor version (v0.1 and v0.2 carry the certificate as a one-element chain).</summary>
    public int MinorVersion { get; init; } = 3;

    /// <summary>Sign with this key instead of keyless (a certificate from the CA).</summary>
    public SigningKey? Key { get; init; }

    /// <summary>The identity of a keyless bundle.</summary>
    public string Identity { get; init; } = DefaultIdentity;

    /// <summary>Where the bundle is logged.</summary>
    public BundleLog Log { get; init; } = BundleLog.RekorV1;

    /// <summary>The Rekor v1 kind of a DSSE envelope: <c>dsse</c> (0.0.1) or <c>intoto</c> (0.0.2).</summary>
    public string EnvelopeKind { get; init; } = Core.Rekor.DsseV001.Kind;

    /// <summary>Add an RFC 3161 timestamp of the TSA over the signature.</summary>
    public bool Timestamp { get; init; }

    /// <summary>Issue the keyless certificate through this provider instead of the CA's Fulcio profile (see <see cref="OutOfProfileCertificates"/>).</summary>
    public ICertificateProvider? CertificateProvider { get; init; }

    /// <summary>The payload to sign: the artifact, or the envelope's payload.</summary>
    public SigningPayload SigningPayload() => Dsse
        ? Client.Signing.SigningPayload.ForDsse(PayloadType, Payload ?? InTotoStatements.Create(
            [("artifact", System.Security.Cryptography.SHA256.HashData(Artifact))], "https://slsa.dev/provenance/v1", """{"buildDefinition":{}}"""u8))
        : Client.Signing.SigningPayload.ForArtifact(Artifact);
}
