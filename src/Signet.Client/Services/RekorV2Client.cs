using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Rekor;

namespace Signet.Client.Services;

/// <summary>
/// Rekor v2 (rekor-tiles <c>rekor_service.proto</c> <c>CreateEntry</c>): <c>POST /api/v2/log/entries</c> with a
/// <c>hashedRekordRequestV002</c>; the answer is a protobuf-JSON <c>TransparencyLogEntry</c> with an inclusion
/// proof and checkpoint and no signed entry timestamp. The server holds the request until a checkpoint covers it.
/// </summary>
/// <param name="http">The HTTP client requests go through.</param>
/// <param name="baseUrl">The log's base URL (its <c>rekorTlogUrls</c> entry in the signing config).</param>
public sealed class RekorV2Client(HttpClient http, Uri baseUrl) : SigstoreServiceClient(http, baseUrl, "the transparency log"), ITransparencyLogClient
{
    /// <summary>
    /// Records the signature as hashedrekord 0.0.2 over <see cref="LogEntryContent.Digest"/> (for DSSE the PAE digest:
    /// Rekor v2 has no dsse kind), with the certificate or public key as verifier.
    /// </summary>
    /// <param name="content">What was signed, the signature, and the verifier.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the entry.</exception>
    /// <exception cref="SignetFormatException">A pure Ed25519 signature (an Ed25519 key's DSSE envelope), which a
    /// hashedrekord entry cannot carry: the log verifies a digest, and Ed25519 signs the message itself.</exception>
    public Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Algorithm == SigningAlgorithm.PkixEd25519)
        {
            throw new SignetFormatException("Rekor v2 cannot log an Ed25519 key's DSSE signature (pure Ed25519 over the envelope, and the log verifies a digest): sign the attestation with an ECDSA key, or record it in a Rekor v1 log");
        }

        var request = HashedRekordV002.Request(content.Digest, content.Signature, content.Certificate, content.PublicKey, content.Algorithm);
        return CreateEntryAsync(request, cancellationToken);
    }

    /// <summary>Sends a create-entry request and reads the entry the log answers with.</summary>
    /// <param name="createEntryRequestJson">The request (<c>{hashedRekordRequestV002: …}</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the entry.</exception>
    public async Task<TransparencyLogEntry> CreateEntryAsync(byte[] createEntryRequestJson, CancellationToken cancellationToken)
    {
        return ReadEntry(await PostJsonAsync("/api/v2/log/entries", createEntryRequestJson, cancellationToken).ConfigureAwait(false));
    }

    // The answer is a protobuf-JSON TransparencyLogEntry: read by Core's one strict reader, as a bundle's entries are.
    // Rekor v2 always proves inclusion at once, so an answer without a proof is refused here rather than bundled.
    internal static TransparencyLogEntry ReadEntry(byte[] json)
    {
        var entry = TransparencyLogEntry.Parse(json, "log response");
        return entry.InclusionProof is not null && entry.CanonicalizedBody is not null
            ? entry
            : throw new SignetFormatException("log response: the entry has no inclusion proof or no canonicalized body");
    }
}
