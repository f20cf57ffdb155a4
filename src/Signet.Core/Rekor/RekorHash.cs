using System.Security.Cryptography;
using Signet.Core.Json;

namespace Signet.Core.Rekor;

/// <summary>A hash as Rekor v1 entries spell it (rekor <c>pkg/generated/models</c> <c>{algorithm, value}</c>): a
/// lowercase algorithm name and the digest in hex.</summary>
internal readonly record struct RekorHash(string Algorithm, HashAlgorithmName HashName, byte[] Digest)
{
    /// <summary>The digest in lowercase hex, as canonical bodies store it.</summary>
    public string Hex => Convert.ToHexStringLower(Digest);

    /// <summary>Reads <c>{algorithm: sha256|sha384|sha512, value: hex}</c>; the value must be exactly the digest's length.</summary>
    public static RekorHash Read(JsonField hash)
    {
        var algorithm = hash.RequiredString("algorithm");
        var (name, size) = algorithm switch
        {
            "sha256" => (HashAlgorithmName.SHA256, 32),
            "sha384" => (HashAlgorithmName.SHA384, 48),
            "sha512" => (HashAlgorithmName.SHA512, 64),
            _ => throw hash.ErrorAt("algorithm", $"unsupported '{Bundles.MediaTypes.Truncate(algorithm)}' (sha256, sha384 or sha512)"),
        };
        var value = hash.RequiredString("value");
        if (value.Length != size * 2)
        {
            throw hash.ErrorAt("value", $"must be {size * 2} hex digits for {algorithm}, not {value.Length} characters");
        }

        try
        {
            return new RekorHash(algorithm, name, Convert.FromHexString(value));
        }
        catch (FormatException)
        {
            throw hash.ErrorAt("value", "not hexadecimal");
        }
    }

    /// <summary>Rekor's name of <paramref name="hash"/>: sha256, sha384 or sha512.</summary>
    /// <exception cref="ArgumentException">Another hash.</exception>
    public static string NameOf(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => "sha256",
        "SHA384" => "sha384",
        "SHA512" => "sha512",
        _ => throw new ArgumentException($"Rekor entries record SHA-256, SHA-384 or SHA-512 digests, not {hash.Name}", nameof(hash)),
    };

    /// <summary>The SHA-256 hash of <paramref name="data"/> in this form.</summary>
    public static RekorHash Sha256(ReadOnlySpan<byte> data) => new("sha256", HashAlgorithmName.SHA256, SHA256.HashData(data));

    /// <summary>Writes <c>{algorithm, value}</c>.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => new() { ["algorithm"] = Algorithm, ["value"] = Hex };
}
