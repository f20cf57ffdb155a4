using System.Globalization;
using System.Text.Json;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Encoding;
using Signet.Core.Rekor;

namespace Signet.Client.Services;

/// <summary>
/// Rekor v1 (rekor <c>openapi.yaml</c> <c>createLogEntry</c>): <c>POST /api/v1/log/entries</c> with a proposed
/// entry; the answer (UUID → LogEntry with inclusion proof and signed entry timestamp) becomes a bundle's
/// <see cref="TransparencyLogEntry"/>.
/// </summary>
/// <param name="http">The HTTP client requests go through.</param>
/// <param name="baseUrl">The log's base URL (its <c>rekorTlogUrls</c> entry in the signing config).</param>
public sealed class RekorV1Client(HttpClient http, Uri baseUrl) : SigstoreServiceClient(http, baseUrl, "the transparency log"), ITransparencyLogClient
{
    /// <summary>
    /// Records a message signature as hashedrekord 0.0.1 and a DSSE envelope as dsse 0.0.1 (rekor
    /// <c>pkg/types</c>), each with the verifier as PEM.
    /// </summary>
    /// <param name="content">What was signed, the signature, and the verifier.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the entry.</exception>
    public Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var payload = content.Payload;
        var proposed = payload.IsDsse
            ? DsseV001.Request(payload.PayloadType!, payload.Payload!, content.Signature, content.VerifierPem)
            : HashedRekordV001.Request(content.DigestHash, content.Digest, content.Signature, content.VerifierPem);
        return CreateEntryAsync(proposed, cancellationToken);
    }

    /// <summary>
    /// Appends the entry. An entry the log already holds is answered 409 Conflict with its <c>Location</c>
    /// (rekor <c>openapi.yaml</c> <c>createLogEntry</c>); that existing entry is fetched and returned, as cosign and
    /// sigstore-js do.
    /// </summary>
    /// <param name="proposedEntryJson">The proposed entry (<c>{kind, apiVersion, spec}</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the entry.</exception>
    public async Task<TransparencyLogEntry> CreateEntryAsync(byte[] proposedEntryJson, CancellationToken cancellationToken)
    {
        byte[] response;
        try
        {
            response = await PostJsonAsync("/api/v1/log/entries", proposedEntryJson, cancellationToken).ConfigureAwait(false);
        }
        catch (SigstoreServiceException e) when (e.StatusCode == 409 && e.Location is { } existing)
        {
            if (!string.Equals(existing.GetLeftPart(UriPartial.Authority), BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                throw new SigstoreServiceException($"the transparency log answered 409 with a Location on another host ({existing.GetLeftPart(UriPartial.Authority)})", e);
            }

            response = await GetJsonAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        return ReadLogEntry(response);
    }

    /// <summary>The most entry UUIDs read from one index search (a hash signed by many is a bounded search, not a crawl).</summary>
    public const int MaxSearchResults = 64;

    /// <summary>
    /// The UUIDs of the entries recorded for an artifact digest (rekor <c>openapi.yaml</c> <c>searchIndex</c>:
    /// <c>POST /api/v1/index/retrieve</c> with <c>{"hash": "sha256:HEX"}</c>), at most <see cref="MaxSearchResults"/>.
    /// </summary>
    /// <param name="algorithm">The digest's algorithm name as Rekor spells it (<c>sha256</c>).</param>
    /// <param name="digest">The artifact's digest.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the search.</exception>
    public async Task<IReadOnlyList<string>> SearchByHashAsync(string algorithm, byte[] digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var request = System.Text.Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject { ["hash"] = $"{algorithm}:{Convert.ToHexStringLower(digest)}" }.ToJsonString());
        var response = await PostJsonAsync("/api/v1/index/retrieve", request, cancellationToken).ConfigureAwait(false);
        using var doc = ClientJson.Parse(response, "log index search");
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new SignetFormatException("log index search: the answer is not a JSON array");
        }

        var uuids = new List<string>();
        foreach (var u in doc.RootElement.EnumerateArray())
        {
            var uuid = u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new SignetFormatException("log index search: an entry UUID is not a string");
            if (uuid.Length is not (64 or 80) || !uuid.All(Uri.IsHexDigit))
            {
                throw new SignetFormatException("log index search: an entry UUID is not 64 or 80 hex digits");
            }

            if (uuids.Count == MaxSearchResults)
            {
                break;
            }

            uuids.Add(uuid);
        }

        return uuids;
    }

    /// <summary>The entry <paramref name="uuid"/> with its inclusion proof and SET (<c>GET /api/v1/log/entries/{uuid}</c>).</summary>
    /// <exception cref="SigstoreServiceException">The log was unreachable or has no such entry.</exception>
    public async Task<TransparencyLogEntry> GetEntryAsync(string uuid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        if (uuid.Length is not (64 or 80) || !uuid.All(Uri.IsHexDigit))
        {
            throw new SignetFormatException("an entry UUID is 64 or 80 hex digits");
        }

        return ReadLogEntry(await GetJsonAsync(At("/api/v1/log/entries/" + uuid), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The entry at <paramref name="logIndex"/> with its inclusion proof and SET (<c>GET /api/v1/log/entries?logIndex=N</c>).</summary>
    /// <exception cref="SigstoreServiceException">The log was unreachable or has no such entry.</exception>
    public async Task<TransparencyLogEntry> GetEntryByIndexAsync(long logIndex, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(logIndex);
        return ReadLogEntry(await GetJsonAsync(
            At("/api/v1/log/entries?logIndex=" + logIndex.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Converts a v1 <c>LogEntry</c> map (one UUID key) into the bundle's entry form.</summary>
    internal static TransparencyLogEntry ReadLogEntry(byte[] json)
    {
        using var doc = ClientJson.Parse(json, "log response");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("log response: not a JSON object");
        }

        var entries = root.EnumerateObject().ToList();
        if (entries.Count != 1 || entries[0].Value.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"log response: expected one entry, found {entries.Count}");
        }

        var e = entries[0].Value;
        var body = Base64Std.Decode(Str(e, "body"), "log response body");
        var logId = Hex.Decode(Str(e, "logID"), "log response logID");
        var logIndex = Int(e, "logIndex");
        var integratedTime = Int(e, "integratedTime");
        if (!e.TryGetProperty("verification", out var v) || v.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("log response: no verification (inclusion proof and signed entry timestamp)");
        }

        byte[]? set = v.TryGetProperty("signedEntryTimestamp", out var s) && s.ValueKind == JsonValueKind.String
            ? Base64Std.Decode(s.GetString()!, "log response signedEntryTimestamp")
            : null;
        TlogInclusionProof? proof = null;
        if (v.TryGetProperty("inclusionProof", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            var hashes = p.TryGetProperty("hashes", out var h) && h.ValueKind == JsonValueKind.Array
                ? h.EnumerateArray().Select(x => Hex.Decode(
                    x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new SignetFormatException("log response: a proof hash is not a string"),
                    "log response proof hash")).ToList()
                : [];
            proof = new TlogInclusionProof(
                Int(p, "logIndex"), Hex.Decode(Str(p, "rootHash"), "log response rootHash"), Int(p, "treeSize"), hashes,
                p.TryGetProperty("checkpoint", out var cp) && cp.ValueKind == JsonValueKind.String ? cp.GetString() : null);
        }

        return new TransparencyLogEntry(logIndex, logId, KindOf(body), integratedTime, set, proof, body);
    }

    /// <summary>The entry's kind and version, read from its canonicalized body (<c>kind</c>, <c>apiVersion</c>).</summary>
    internal static KindVersion KindOf(byte[] body) => KindVersion.Of(body, "log entry body");

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new SignetFormatException($"log response: '{name}' is missing or not a string");

    private static long Int(JsonElement e, string name)
    {
        if (e.TryGetProperty(name, out var v))
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
            {
                return n;
            }

            if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                return n;
            }
        }

        throw new SignetFormatException($"log response: '{name}' is missing or not an integer");
    }
}
