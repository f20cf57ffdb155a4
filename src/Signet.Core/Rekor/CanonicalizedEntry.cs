namespace Signet.Core.Rekor;

/// <summary>A hash an entry records: Rekor's lowercase algorithm name (<c>sha256</c>) and the lowercase hex value.</summary>
public readonly record struct EntryHash(string Algorithm, string Hex);

/// <summary>
/// What a log stores for an accepted entry request, after its signatures verified: the kind and API version, the
/// canonicalized body (RFC 8785 JSON of <c>{apiVersion, kind, spec}</c>, the Merkle leaf), and the facts a log
/// indexes it by — the hashes it records (for hashedrekord the artifact digest; for dsse and intoto the payload hash,
/// then the envelope hash), its signers in the order of their signatures, and for envelopes the payload and its type.
/// </summary>
public sealed record CanonicalizedEntry(
    string Kind,
    string ApiVersion,
    byte[] Body,
    IReadOnlyList<EntryHash> Hashes,
    IReadOnlyList<EntrySigner> Signers,
    string? PayloadType = null,
    byte[]? Payload = null)
{
    /// <summary>The most signatures (and verifiers) an entry request may carry.</summary>
    public const int MaxSignatures = 16;
}
