using System.Globalization;
using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;

namespace Signet.Client.Log;

/// <summary>A Rekor v1 log as seen through its read API (rekor:openapi.yaml): log info, entries, consistency
/// proofs and the public key. Works against Signet's log and any Rekor v1 server. Responses are parsed strictly;
/// a malformed answer is a <see cref="SignetFormatException"/>.</summary>
public sealed class RekorLogReader(HttpClient http)
{
    private const int MaxResponseBytes = 4 * 1024 * 1024;

    public async Task<RekorLogInfo> GetLogInfoAsync(CancellationToken cancellationToken)
    {
        using var doc = await GetJsonAsync("api/v1/log", cancellationToken).ConfigureAwait(false);
        var r = doc.RootElement;
        return new RekorLogInfo(
            Hex(Str(r, "rootHash")),
            (ulong)Int(r, "treeSize"),
            Str(r, "signedTreeHead"),
            r.TryGetProperty("treeID", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "");
    }

    public async Task<RekorEntry> GetEntryByIndexAsync(ulong index, CancellationToken cancellationToken)
    {
        using var doc = await GetJsonAsync("api/v1/log/entries?logIndex=" + index.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return ParseEntry(doc.RootElement);
    }

    /// <summary>Rekor's limit of entries per retrieve request.</summary>
    public const int MaxRetrieve = 10;

    /// <summary><c>POST /api/v1/log/entries/retrieve</c> by log indexes (at most <see cref="MaxRetrieve"/>); entries the
    /// log does not hold are left out.</summary>
    public async Task<IReadOnlyList<RekorEntry>> RetrieveByIndexesAsync(IReadOnlyList<ulong> indexes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        if (indexes.Count > MaxRetrieve)
        {
            throw new ArgumentException($"at most {MaxRetrieve} entries per request", nameof(indexes));
        }

        var body = System.Text.Encoding.UTF8.GetBytes("{\"logIndexes\":[" + string.Join(',', indexes.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]}");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("api/v1/log/entries/retrieve", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "api/v1/log/entries/retrieve", cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length > MaxResponseBytes)
        {
            throw new SignetFormatException($"api/v1/log/entries/retrieve: the response is larger than {MaxResponseBytes} bytes");
        }

        using var doc = ParseJson(bytes, "api/v1/log/entries/retrieve");
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new SignetFormatException("api/v1/log/entries/retrieve: the response is not an array");
        }

        return doc.RootElement.EnumerateArray().Select(ParseEntry).ToList();
    }

    public async Task<RekorEntry> GetEntryByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        if (uuid.Length is not (64 or 80) || !uuid.All(Uri.IsHexDigit))
        {
            throw new SignetFormatException("an entry UUID is 64 or 80 hex digits");
        }

        using var doc = await GetJsonAsync("api/v1/log/entries/" + uuid, cancellationToken).ConfigureAwait(false);
        return ParseEntry(doc.RootElement);
    }

    /// <summary>The consistency proof from <paramref name="firstSize"/> to <paramref name="lastSize"/> and the root at lastSize.</summary>
    public async Task<(byte[] RootHash, IReadOnlyList<byte[]> Hashes)> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken)
    {
        using var doc = await GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/log/proof?firstSize={firstSize}&lastSize={lastSize}"), cancellationToken).ConfigureAwait(false);
        var r = doc.RootElement;
        return (Hex(Str(r, "rootHash")), Hashes(r));
    }

    public async Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("api/v1/log/publicKey", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "api/v1/log/publicKey", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RekorEntry ParseEntry(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1)
        {
            throw new SignetFormatException("the log entry response is not an object with one entry");
        }

        var p = root.EnumerateObject().Single();
        var e = p.Value;
        var verification = e.TryGetProperty("verification", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        RekorInclusionProof? proof = null;
        byte[]? set = null;
        if (verification.ValueKind == JsonValueKind.Object)
        {
            if (verification.TryGetProperty("inclusionProof", out var ip) && ip.ValueKind == JsonValueKind.Object)
            {
                proof = new RekorInclusionProof((ulong)Int(ip, "logIndex"), (ulong)Int(ip, "treeSize"), Hex(Str(ip, "rootHash")), Hashes(ip), Str(ip, "checkpoint"));
            }

            if (verification.TryGetProperty("signedEntryTimestamp", out var s) && s.ValueKind == JsonValueKind.String)
            {
                set = B64(s.GetString()!, "signedEntryTimestamp");
            }
        }

        return new RekorEntry(p.Name, B64(Str(e, "body"), "body"), Int(e, "integratedTime"), Str(e, "logID"), (ulong)Int(e, "logIndex"), proof, set);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new SignetFormatException($"{path}: the response is larger than {MaxResponseBytes} bytes");
        }

        return ParseJson(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), path);
    }

    private static JsonDocument ParseJson(byte[] bytes, string path)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{path}: the response is not JSON ({e.Message})", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new SigstoreServiceException($"{path}: HTTP {(int)response.StatusCode} {(text.Length > 200 ? text[..200] : text)}".Trim()) { StatusCode = (int)response.StatusCode };
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SignetFormatException($"response field '{name}' is missing or not a string");

    private static long Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n
        : throw new SignetFormatException($"response field '{name}' is missing or not a non-negative integer");

    private static byte[] Hex(string s)
    {
        try
        {
            return s.Length == 64 ? Convert.FromHexString(s) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new SignetFormatException("a hash in the response is not 64 hex digits");
        }
    }

    private static byte[] B64(string s, string what)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"response field '{what}' is not base64");
        }
    }

    private static byte[][] Hashes(JsonElement e)
    {
        if (!e.TryGetProperty("hashes", out var h) || h.ValueKind != JsonValueKind.Array || h.GetArrayLength() > 64)
        {
            throw new SignetFormatException("response field 'hashes' is missing, not an array, or longer than 64");
        }

        return h.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? Hex(x.GetString()!) : throw new SignetFormatException("a proof hash is not a string")).ToArray();
    }
}

public sealed record RekorLogInfo(byte[] RootHash, ulong TreeSize, string SignedTreeHead, string TreeId);

public sealed record RekorInclusionProof(ulong LogIndex, ulong TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Hashes, string Checkpoint);

public sealed record RekorEntry(string Uuid, byte[] Body, long IntegratedTime, string LogId, ulong LogIndex, RekorInclusionProof? InclusionProof, byte[]? SignedEntryTimestamp);
