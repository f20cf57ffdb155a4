using System.Security.Cryptography;
using Signet.Core;

namespace Signet.Oci;

/// <summary>
/// A content digest as OCI writes it, <c>algorithm:hex</c> (OCI image-spec descriptor.md §Digests).
/// Only the registered algorithms sha256 and sha512 are accepted, with lowercase hex of the right length.
/// </summary>
public readonly record struct OciDigest
{
    private OciDigest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary><c>sha256</c> or <c>sha512</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The encoded digest: lowercase hex.</summary>
    public string Hex { get; }

    /// <summary>Parses <c>sha256:&lt;64 hex&gt;</c> or <c>sha512:&lt;128 hex&gt;</c>.</summary>
    public static OciDigest Parse(string value, string what = "digest")
    {
        if (!TryParse(value, out var digest))
        {
            throw new SignetFormatException($"{what}: '{Truncate(value)}' is not a sha256 or sha512 digest (algorithm:lowercase-hex)");
        }

        return digest;
    }

    /// <summary>Parses <c>algorithm:hex</c> (sha256 or sha512, lowercase hex of the right length); false when malformed.</summary>
    public static bool TryParse(string? value, out OciDigest digest)
    {
        digest = default;
        if (value is null)
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var algorithm = value[..colon];
        var hex = value[(colon + 1)..];
        var expected = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        // image-spec descriptor.md: sha256/sha512 encoded portion MUST match /[a-f0-9]{64}/ and /[a-f0-9]{128}/.
        if (hex.Length != expected || !hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return false;
        }

        digest = new OciDigest(algorithm, hex);
        return true;
    }

    /// <summary>The SHA-256 digest of <paramref name="content"/>.</summary>
    public static OciDigest Compute(ReadOnlySpan<byte> content) =>
        new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>The digest whose SHA-256 value is <paramref name="sha256"/>.</summary>
    public static OciDigest FromSha256(ReadOnlySpan<byte> sha256) =>
        sha256.Length == 32 ? new("sha256", Convert.ToHexStringLower(sha256)) : throw new SignetFormatException("digest: a SHA-256 value has 32 bytes");

    /// <summary>The digest of <paramref name="content"/> with this digest's algorithm.</summary>
    public bool Matches(ReadOnlySpan<byte> content)
    {
        var actual = Algorithm == "sha512" ? SHA512.HashData(content) : SHA256.HashData(content);
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromHexString(Hex));
    }

    /// <summary>The raw digest bytes.</summary>
    public byte[] ToBytes() => Convert.FromHexString(Hex);

    /// <summary>
    /// The tag that stands for this digest: <c>sha256-&lt;hex&gt;</c> (distribution-spec §Referrers Tag Schema;
    /// cosign SIGNATURE_SPEC §Tag-based Discovery adds <c>.sig</c>/<c>.att</c>).
    /// </summary>
    public string ToTag(string suffix = "") => $"{Algorithm}-{Hex}{suffix}";

    /// <summary>The digest as <c>algorithm:hex</c>.</summary>
    public override string ToString() => $"{Algorithm}:{Hex}";

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..80] + "…";
}
