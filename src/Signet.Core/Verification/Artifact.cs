using System.Security.Cryptography;

namespace Signet.Core.Verification;

/// <summary>
/// The thing that was signed: its bytes, or only its digest(s). A digest-only artifact can be verified against
/// ECDSA/RSA signatures and Ed25519ph signatures (over its SHA-512) and against in-toto subjects, not against pure
/// Ed25519 signatures over the bytes.
/// </summary>
public sealed class Artifact
{
    private readonly Dictionary<HashAlgorithmName, byte[]> _digests = [];

    private Artifact(ReadOnlyMemory<byte>? bytes)
    {
        Bytes = bytes;
    }

    /// <summary>The artifact's bytes, when the caller had them.</summary>
    public ReadOnlyMemory<byte>? Bytes { get; }

    /// <summary>The artifact as bytes held in memory; digests are computed from them as the bundle asks.</summary>
    public static Artifact FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes);

    /// <summary>The artifact known by its digests (of a file too large to hold, hashed as a stream).</summary>
    /// <param name="digests">The digests by algorithm; at least one.</param>
    public static Artifact FromDigests(IReadOnlyDictionary<HashAlgorithmName, byte[]> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            throw new ArgumentException("no digest", nameof(digests));
        }

        var artifact = new Artifact(null);
        foreach (var (algorithm, digest) in digests)
        {
            artifact._digests[algorithm] = (byte[])digest.Clone();
        }

        return artifact;
    }

    /// <summary>
    /// The artifact known only by its digest (as <c>cosign verify-blob</c> accepts <c>sha256:…</c>); a signature over
    /// the raw bytes of an ed25519 key cannot be checked this way.
    /// </summary>
    public static Artifact FromDigest(HashAlgorithmName algorithm, byte[] digest)
    {
        var expected = HashLength(algorithm);
        if (digest.Length != expected)
        {
            throw new SignetFormatException($"artifact digest: {digest.Length} bytes, {algorithm.Name} needs {expected}");
        }

        var a = new Artifact(null);
        a._digests[algorithm] = (byte[])digest.Clone();
        return a;
    }

    /// <summary>Parses <c>sha256:HEX</c> (also sha384/sha512), the form the conformance protocol and cosign use.</summary>
    public static Artifact FromDigestString(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new SignetFormatException("artifact digest: expected ALGORITHM:HEX (e.g. sha256:…)");
        }

        var alg = value[..colon].ToUpperInvariant() switch
        {
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA384" => HashAlgorithmName.SHA384,
            "SHA512" => HashAlgorithmName.SHA512,
            _ => throw new SignetFormatException($"artifact digest: unsupported algorithm '{MediaTypesTruncate(value[..colon])}'"),
        };
        byte[] digest;
        try
        {
            digest = Convert.FromHexString(value.AsSpan(colon + 1));
        }
        catch (FormatException e)
        {
            throw new SignetFormatException("artifact digest: not hexadecimal", e);
        }

        return FromDigest(alg, digest);
    }

    /// <summary>The artifact's digest under <paramref name="algorithm"/>, or null when only other digests are known.</summary>
    public byte[]? GetDigest(HashAlgorithmName algorithm)
    {
        if (_digests.TryGetValue(algorithm, out var d))
        {
            return d;
        }

        if (Bytes is null)
        {
            return null;
        }

        d = algorithm.Name switch
        {
            "SHA256" => SHA256.HashData(Bytes.Value.Span),
            "SHA384" => SHA384.HashData(Bytes.Value.Span),
            "SHA512" => SHA512.HashData(Bytes.Value.Span),
            _ => throw new NotSupportedException($"hash {algorithm.Name}"),
        };
        _digests[algorithm] = d;
        return d;
    }

    /// <summary>Every digest known without the bytes (for in-toto subject matching).</summary>
    public IEnumerable<(HashAlgorithmName Algorithm, byte[] Digest)> KnownDigests()
    {
        if (Bytes is not null)
        {
            GetDigest(HashAlgorithmName.SHA256);
        }

        return _digests.Select(kv => (kv.Key, kv.Value)).ToArray();
    }

    internal static int HashLength(HashAlgorithmName a) => a.Name switch
    {
        "SHA256" => 32,
        "SHA384" => 48,
        "SHA512" => 64,
        _ => throw new SignetFormatException($"artifact digest: unsupported hash {a.Name}"),
    };

    private static string MediaTypesTruncate(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
