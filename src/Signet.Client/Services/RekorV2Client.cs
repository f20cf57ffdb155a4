using System.Globalization;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Bundle;
using Signet.Core.Encoding;

namespace Signet.Client.Services;

/// <summary>
/// Rekor v2 (rekor-tiles <c>rekor_service.proto</c> <c>CreateEntry</c>): <c>POST /api/v2/log/entries</c> with a
/// <c>hashedRekordRequestV002</c>; the answer is a protobuf-JSON <c>TransparencyLogEntry</c> with an inclusion
/// proof and checkpoint and no signed entry timestamp. The server holds the request until a checkpoint covers it.
/// </summary>
public sealed class RekorV2Client(HttpClient http, Uri baseUrl)
{
    public Uri BaseUrl { get; } = baseUrl;

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
