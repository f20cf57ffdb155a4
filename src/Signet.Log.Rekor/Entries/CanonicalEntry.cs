namespace Signet.Log.Rekor.Entries;

/// <summary>
/// An accepted entry: its kind and version, the canonicalized body (RFC 8785 JSON of <c>{apiVersion, kind, spec}</c>)
/// that is the Merkle leaf, and the search-index keys (<see cref="SearchKeys"/>) it can be found by.
/// </summary>
public sealed record CanonicalEntry(string Kind, string ApiVersion, byte[] Body, IReadOnlyList<string> SearchKeys);

/// <summary>The search-index key spellings shared by the entry types and <c>POST /api/v1/index/retrieve</c>.</summary>
public static class SearchKeys
{
    /// <summary><c>sha256:&lt;hex&gt;</c> (Rekor's artifact-hash key, lowercase).</summary>
    public static string Hash(string algorithm, string hex) => algorithm.ToLowerInvariant() + ":" + hex.ToLowerInvariant();

    /// <summary>A signer key, by the SHA-256 of its SubjectPublicKeyInfo (a certificate indexes its subject key).</summary>
    public static string PublicKey(ReadOnlySpan<byte> spkiDer) => PublicKeyHash(System.Security.Cryptography.SHA256.HashData(spkiDer));

    /// <summary>A signer key by the SHA-256 of its SubjectPublicKeyInfo, already computed.</summary>
    public static string PublicKeyHash(ReadOnlySpan<byte> spkiSha256) => "pk:" + Convert.ToHexStringLower(spkiSha256);

    /// <summary>An e-mail address from a signer certificate, lowercase.</summary>
    public static string Email(string email) => "email:" + email.Trim().ToLowerInvariant();

    /// <summary>A URI SAN from a signer certificate (a CI workflow or SPIFFE identity), lowercase as Rekor keys it.</summary>
    public static string Uri(string uri) => "uri:" + uri.Trim().ToLowerInvariant();
}
