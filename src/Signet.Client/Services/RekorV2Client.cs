using System.Globalization;
using System.Text.Json;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Encoding;
using Signet.Core.Rekor;

namespace Signet.Client.Services;

/// <summary>
/// Rekor v2 (rekor-tiles <c>rekor_service.proto</c> <c>CreateEntry</c>): <c>POST /api/v2/log/entries</c> with a
/// <c>hashedRekordRequestV002</c>; the answer is a protobuf-JSON <c>TransparencyLogEntry</c> with an inclusion
/// proof and checkpoint and no signed entry timestamp. The server holds the request until a checkpoint covers it.
/// </summary>
/// <param name="http">The HTTP client requests go through.</param>
/// <param name="baseUrl">The log's base URL (its <c>rekorTlogUrls</c> entry in the signing config).</param>
public sealed class RekorV2Client(HttpClient http, Uri baseUrl) : ITransparencyLogClient
{
    /// <summary>The log's base URL.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>
    /// Records the signature as hashedrekord 0.0.2 over <see cref="LogEntryContent.Digest"/> (for DSSE the PAE digest:
    /// Rekor v2 has no dsse kind), with the certificate or public key as verifier.
    /// </summary>
    /// <param name="content">What was signed, the signature, and the verifier.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the entry.</exception>
    public Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = HashedRekordV002.Request(content.Digest, content.Signature, content.Certificate, content.PublicKey, content.Algorithm);
        return CreateEntryAsync(request, cancellationToken);
    }

    /// <summary>Sends a create-entry request and reads the entry the log answers with.</summary>
    /// <param name="createEntryRequestJson">The request (<c>{hashedRekordRequestV002: …}</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SigstoreServiceException">The log was unreachable or refused the entry.</exception>
    public async Task<TransparencyLogEntry> CreateEntryAsync(byte[] createEntryRequestJson, CancellationToken cancellationToken)
    {
        var response = await ServiceHttp.SendAsync(
            http, HttpMethod.Post, ServiceHttp.Join(BaseUrl, "/api/v2/log/entries"), createEntryRequestJson, "application/json",
            "application/json", "the transparency log", cancellationToken).ConfigureAwait(false);
        return ReadEntry(response);
    }

    internal static TransparencyLogEntry ReadEntry(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException("log response: not a JSON object");
            }

            var kv = Obj(e, "kindVersion");
            var p = Obj(e, "inclusionProof");
            var hashes = p.TryGetProperty("hashes", out var h) && h.ValueKind == JsonValueKind.Array
                ? h.EnumerateArray().Select(x => Base64Std.Decode(x.GetString() ?? "", "log response proof hash")).ToList()
                : [];
            string? checkpoint = p.TryGetProperty("checkpoint", out var cp) && cp.ValueKind == JsonValueKind.Object
                && cp.TryGetProperty("envelope", out var env) && env.ValueKind == JsonValueKind.String ? env.GetString() : null;
            var proof = new TlogInclusionProof(
                Int(p, "logIndex"), Base64Std.Decode(Str(p, "rootHash"), "log response rootHash"), Int(p, "treeSize"), hashes, checkpoint);
            return new TransparencyLogEntry(
                Int(e, "logIndex"),
                Base64Std.Decode(Str(Obj(e, "logId"), "keyId"), "log response logId"),
                new KindVersion(Str(kv, "kind"), Str(kv, "version")),
                Int(e, "integratedTime"),
                null,
                proof,
                Base64Std.Decode(Str(e, "canonicalizedBody"), "log response canonicalizedBody"));
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"log response: not JSON ({e.Message})", e);
        }
    }

    private static JsonElement Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw new SignetFormatException($"log response: '{name}' is missing or not an object");

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new SignetFormatException($"log response: '{name}' is missing or not a string");

    // proto3 JSON: 64-bit integers as strings (numbers accepted); an omitted field is zero.
    private static long Int(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return 0;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            return n;
        }

        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        throw new SignetFormatException($"log response: '{name}' is not an integer");
    }
}
