using System.Security.Cryptography;

namespace Signet.Client.Signing;

/// <summary>
/// What a bundle signs: an artifact (a message signature over its bytes, recorded with its SHA-256 digest) or a
/// DSSE payload (an envelope signed over its PAE, e.g. an in-toto statement).
/// </summary>
public sealed class SigningPayload
{
    private SigningPayload(byte[]? artifact, byte[]? artifactDigest, string? payloadType, byte[]? payload)
    {
        Artifact = artifact;
        ArtifactDigest = artifactDigest;
        PayloadType = payloadType;
        Payload = payload;
    }

    /// <summary>The artifact's bytes (message signatures), or null when only its digest was given
    /// (<see cref="ForArtifactDigest"/>).</summary>
    public byte[]? Artifact { get; }

    /// <summary>SHA-256 of the artifact (message signatures).</summary>
    public byte[]? ArtifactDigest { get; }

    /// <summary>The DSSE payload type (e.g. <c>application/vnd.in-toto+json</c>).</summary>
    public string? PayloadType { get; }

    /// <summary>The DSSE payload.</summary>
    public byte[]? Payload { get; }

    /// <summary>
    /// True when the signature goes into a DSSE envelope (an attestation) rather than over the artifact's bytes.
    /// </summary>
    public bool IsDsse => Payload is not null;

    /// <summary>
    /// Sign <paramref name="artifact"/> itself: the bundle gets a message signature over its bytes with its SHA-256
    /// digest.
    /// </summary>
    public static SigningPayload ForArtifact(byte[] artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return new SigningPayload(artifact, SHA256.HashData(artifact), null, null);
    }

    /// <summary>
    /// Sign the artifact whose SHA-256 is <paramref name="sha256"/>, without its bytes: an ECDSA or RSA key signs the
    /// digest (the signature is the same as over the bytes), so an artifact of any size is signed in constant memory.
    /// An Ed25519 key signs the bytes themselves and needs <see cref="ForArtifact"/>
    /// (<see cref="SigningSession.SignsArtifactBytes"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 32 bytes.</exception>
    public static SigningPayload ForArtifactDigest(byte[] sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"a SHA-256 digest is {SHA256.HashSizeInBytes} bytes, not {sha256.Length}", nameof(sha256));
        }

        return new SigningPayload(null, (byte[])sha256.Clone(), null, null);
    }

    /// <summary>
    /// Sign <paramref name="payload"/> in a DSSE envelope of <paramref name="payloadType"/> (the signature covers its
    /// PAE).
    /// </summary>
    public static SigningPayload ForDsse(string payloadType, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        return new SigningPayload(null, null, payloadType, payload);
    }
}
