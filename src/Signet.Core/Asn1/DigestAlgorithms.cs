using System.Security.Cryptography;

namespace Signet.Core.Asn1;

/// <summary>
/// The SHA-2 hashes Signet accepts in an AlgorithmIdentifier (RFC 5754 §2), mapped to and from
/// <see cref="HashAlgorithmName"/>: the one table every reader and writer of a hash OID uses.
/// </summary>
public static class DigestAlgorithms
{
    /// <summary>The SHA-256/384/512 hash <paramref name="oid"/> names, or null for any other (SHA-1 included).</summary>
    /// <param name="oid">The hash algorithm's object identifier in dotted form.</param>
    public static HashAlgorithmName? FromOid(string? oid) => oid switch
    {
        AlgorithmOids.Sha256 => HashAlgorithmName.SHA256,
        AlgorithmOids.Sha384 => HashAlgorithmName.SHA384,
        AlgorithmOids.Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>The RFC 5754 object identifier of SHA-256, SHA-384 or SHA-512.</summary>
    /// <param name="hash">SHA-256, SHA-384 or SHA-512.</param>
    /// <exception cref="ArgumentOutOfRangeException">Another hash.</exception>
    public static string OidOf(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => AlgorithmOids.Sha256,
        "SHA384" => AlgorithmOids.Sha384,
        "SHA512" => AlgorithmOids.Sha512,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "not SHA-256, SHA-384 or SHA-512"),
    };

    /// <summary>Whether <paramref name="hash"/> is SHA-256, SHA-384 or SHA-512, the hashes this table knows.</summary>
    /// <param name="hash">Any hash.</param>
    public static bool Supports(HashAlgorithmName hash) => SizeOf(hash) is not null;

    /// <summary>The digest size in bytes of SHA-256, SHA-384 or SHA-512.</summary>
    /// <param name="hash">SHA-256, SHA-384 or SHA-512.</param>
    /// <exception cref="SignetFormatException">Another hash.</exception>
    public static int LengthOf(HashAlgorithmName hash) =>
        SizeOf(hash) ?? throw new SignetFormatException($"digest: unsupported hash algorithm {hash.Name}");

    /// <summary>The <paramref name="hash"/> digest (SHA-256, SHA-384 or SHA-512) of <paramref name="data"/>.</summary>
    /// <exception cref="SignetFormatException">Another hash.</exception>
    public static byte[] Hash(HashAlgorithmName hash, ReadOnlySpan<byte> data) =>
        hash == HashAlgorithmName.SHA256 ? SHA256.HashData(data)
        : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : hash == HashAlgorithmName.SHA512 ? SHA512.HashData(data)
        : throw new SignetFormatException($"digest: unsupported hash algorithm {hash.Name}");

    private static int? SizeOf(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => SHA256.HashSizeInBytes,
        "SHA384" => SHA384.HashSizeInBytes,
        "SHA512" => SHA512.HashSizeInBytes,
        _ => null,
    };
}
