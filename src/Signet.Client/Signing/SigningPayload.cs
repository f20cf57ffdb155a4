using System.Security.Cryptography;
using Signet.Core.Asn1;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// What a bundle signs: an artifact (a message signature over its digest, of the hash the key's algorithm signs:
/// protobuf-specs' algorithm registry) or a DSSE payload (an envelope signed over its PAE, e.g. an in-toto statement).
/// </summary>
public sealed class SigningPayload
{
    private readonly HashAlgorithmName _digestHash;
    private readonly byte[]? _digest;

    private SigningPayload(byte[]? artifact, HashAlgorithmName digestHash, byte[]? digest, string? payloadType, byte[]? payload)
    {
        Artifact = artifact;
        _digestHash = digestHash;
        _digest = digest;
        PayloadType = payloadType;
        Payload = payload;
    }

    /// <summary>The artifact's bytes (message signatures), or null when only its digest was given
    /// (<see cref="ForArtifactDigest(HashAlgorithmName, byte[])"/>).</summary>
    public byte[]? Artifact { get; }

    /// <summary>SHA-256 of the artifact (message signatures), when it is known: always for <see cref="ForArtifact"/>,
    /// for <see cref="ForArtifactDigest(HashAlgorithmName, byte[])"/> when that is the digest given.</summary>
    public byte[]? ArtifactDigest => DigestOf(HashAlgorithmName.SHA256);

    /// <summary>The DSSE payload type (e.g. <c>application/vnd.in-toto+json</c>).</summary>
    public string? PayloadType { get; }

    /// <summary>The DSSE payload.</summary>
    public byte[]? Payload { get; }

    /// <summary>
    /// True when the signature goes into a DSSE envelope (an attestation) rather than over the artifact's bytes.
    /// </summary>
    public bool IsDsse => Payload is not null;

    /// <summary>
    /// The artifact's digest of <paramref name="hash"/> (message signatures): the digest given when it is of that hash,
    /// else computed from the artifact's bytes (SHA-256, SHA-384, SHA-512); null when neither is known.
    /// </summary>
    public byte[]? DigestOf(HashAlgorithmName hash)
    {
        if (_digest is not null && hash == _digestHash)
        {
            return _digest;
        }

        return Artifact is { } bytes && DigestAlgorithms.Supports(hash) ? DigestAlgorithms.Hash(hash, bytes) : null;
    }

    /// <summary>
    /// Sign <paramref name="artifact"/> itself: the bundle gets a message signature over its digest of the hash the key
    /// signs (SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521 and Ed25519).
    /// </summary>
    public static SigningPayload ForArtifact(byte[] artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return new SigningPayload(artifact, HashAlgorithmName.SHA256, SHA256.HashData(artifact), null, null);
    }

    /// <summary>
    /// Sign the artifact whose SHA-256 is <paramref name="sha256"/>, without its bytes (an artifact of any size in
    /// constant memory), with a key that signs SHA-256 digests: ECDSA P-256 (every keyless signing) or RSA.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 32 bytes.</exception>
    public static SigningPayload ForArtifactDigest(byte[] sha256) => ForArtifactDigest(HashAlgorithmName.SHA256, sha256);

    /// <summary>
    /// Sign the artifact whose <paramref name="hash"/> digest is <paramref name="digest"/>, without its bytes: the
    /// hash must be the one the signing key signs (<see cref="SigningKey.DigestHash"/>, <see cref="SigningSession.DigestHash"/>) —
    /// ECDSA and RSA sign a digest as they sign the bytes, and an Ed25519 key signs its SHA-512 as Ed25519ph.
    /// </summary>
    /// <exception cref="ArgumentException">Not a SHA-256, SHA-384 or SHA-512 digest of that length.</exception>
    public static SigningPayload ForArtifactDigest(HashAlgorithmName hash, byte[] digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!DigestAlgorithms.Supports(hash))
        {
            throw new ArgumentException($"an artifact is signed over its SHA-256, SHA-384 or SHA-512 digest, not {hash.Name}", nameof(hash));
        }

        var size = DigestAlgorithms.LengthOf(hash);
        if (digest.Length != size)
        {
            throw new ArgumentException($"a {hash.Name} digest is {size} bytes, not {digest.Length}", nameof(digest));
        }

        return new SigningPayload(null, hash, (byte[])digest.Clone(), null, null);
    }

    /// <summary>
    /// Sign <paramref name="payload"/> in a DSSE envelope of <paramref name="payloadType"/> (the signature covers its
    /// PAE).
    /// </summary>
    public static SigningPayload ForDsse(string payloadType, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        return new SigningPayload(null, default, null, payloadType, payload);
    }
}
