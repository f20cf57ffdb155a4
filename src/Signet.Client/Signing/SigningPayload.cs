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

    /// <summary>The artifact's bytes (message signatures).</summary>
    public byte[]? Artifact { get; }

    /// <summary>SHA-256 of <see cref="Artifact"/>.</summary>
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
