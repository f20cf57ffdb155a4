using System.Globalization;
using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Client.Log;

/// <summary>A Rekor v1 log as seen through its read API (rekor:openapi.yaml): log info, entries, consistency
/// proofs and the public key. Works against Signet's log and any Rekor v1 server. Responses are parsed strictly;
/// a malformed answer is a <see cref="SignetFormatException"/>.</summary>
public sealed class RekorLogReader(HttpClient http)
{
    private const int MaxResponseBytes = ServiceHttp.MaxResponseBytes;
    private const string Service = "the transparency log";

    private static readonly JsonLimits ResponseLimits = new(MaxResponseBytes, 32, 1024);

    /// <c>GET /api/v1/log</c>: the log's current size, root hash, signed tree head and tree ID.
    public async Task<RekorLogInfo> GetLogInfoAsync(CancellationToken cancellationToken)
    {
        using var doc = await GetJsonAsync("api/v1/log", cancellationToken).ConfigureAwait(false);
        var r = Root(doc, "api/v1/log");
        return new RekorLogInfo(Hash(r, "rootHash"), (ulong)Count(r, "treeSize"), r.RequiredString("signedTreeHead"), r.OptionalString("treeID") ?? "");
    }

    /// <c>GET /api/v1/log/entries?logIndex=N</c>: the entry at <paramref name="index"/>, with its inclusion proof and SET.
    public async Task<RekorEntry> GetEntryByIndexAsync(ulong index, CancellationToken cancellationToken)
    {
        var path = "api/v1/log/entries?logIndex=" + index.ToString(CultureInfo.InvariantCulture);
        using var doc = await GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
        return ParseEntry(Root(doc, path));
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
        var bytes = await ServiceHttp.SendAsync(http, HttpMethod.Post, At("api/v1/log/entries/retrieve"), body, ServiceHttp.Json, ServiceHttp.Json,
            Service, cancellationToken).ConfigureAwait(false);
        using var doc = ParseJson(bytes, "api/v1/log/entries/retrieve");
        return JsonField.Root(doc.RootElement, "api/v1/log/entries/retrieve").Items(MaxRetrieve).Select(e => ParseEntry(e.RequireObject())).ToList();
    }

    /// <c>GET /api/v1/log/entries/{uuid}</c>: the entry named by its UUID (or entry ID with the tree ID prefix).
    public async Task<RekorEntry> GetEntryByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        if (uuid.Length is not (64 or 80) || !uuid.All(Uri.IsHexDigit))
        {
            throw new SignetFormatException("an entry UUID is 64 or 80 hex digits");
        }

        using var doc = await GetJsonAsync("api/v1/log/entries/" + uuid, cancellationToken).ConfigureAwait(false);
        return ParseEntry(Root(doc, "api/v1/log/entries/" + uuid));
    }

    /// <summary>The consistency proof from <paramref name="firstSize"/> to <paramref name="lastSize"/> and the root at lastSize.</summary>
    public async Task<(byte[] RootHash, IReadOnlyList<byte[]> Hashes)> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"api/v1/log/proof?firstSize={firstSize}&lastSize={lastSize}");
        using var doc = await GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
        var r = Root(doc, path);
        return (Hash(r, "rootHash"), Hashes(r));
    }

    /// <c>GET /api/v1/log/publicKey</c>: the PEM public key the log signs its checkpoints and SETs with.
    public async Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken)
    {
        var pem = await ServiceHttp.SendAsync(http, HttpMethod.Get, At("api/v1/log/publicKey"), null, null, "application/x-pem-file",
            Service, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(pem);
    }

    /// <summary>rekor openapi.yaml <c>LogEntry</c>: <c>{uuid: {body, integratedTime, logID, logIndex, verification}}</c>.</summary>
    private static RekorEntry ParseEntry(JsonField root)
    {
        var members = root.Members().ToList();
        if (members.Count != 1)
        {
            throw root.Error("not an object with one entry");
        }

        var (uuid, e) = members[0];
        e.RequireObject();
        RekorInclusionProof? proof = null;
        byte[]? set = null;
        if (e.TryGet("verification", out var verification) && verification.ValueKind == JsonValueKind.Object)
        {
            if (verification.TryGet("inclusionProof", out var ip) && ip.ValueKind == JsonValueKind.Object)
            {
                proof = new RekorInclusionProof((ulong)Count(ip, "logIndex"), (ulong)Count(ip, "treeSize"), Hash(ip, "rootHash"), Hashes(ip), ip.RequiredString("checkpoint"));
            }

            if (verification.TryGet("signedEntryTimestamp", out var s) && s.ValueKind == JsonValueKind.String)
            {
                set = s.GetBase64();
            }
        }

        return new RekorEntry(uuid, e.RequiredBase64("body"), Count(e, "integratedTime"), e.RequiredString("logID"), (ulong)Count(e, "logIndex"), proof, set);
    }

    // Every answer is read through ServiceHttp: within the size limit and the client's timeout, errors as
    // SigstoreServiceException with the status code.
    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        ParseJson(await ServiceHttp.GetJsonAsync(http, At(path), Service, cancellationToken).ConfigureAwait(false), path);

    private Uri At(string path) => http.BaseAddress is { } b
        ? new Uri(b, path)
        : throw new InvalidOperationException("RekorLogReader needs an HttpClient with the log's BaseAddress");

    private static JsonDocument ParseJson(byte[] bytes, string path) => StrictJson.Parse(bytes, path, ResponseLimits);

    private static JsonField Root(JsonDocument doc, string path) => JsonField.Root(doc.RootElement, path).RequireObject();

    private static long Count(JsonField e, string name)
    {
        var n = e.RequiredInteger(name);
        return n >= 0 ? n : throw e.ErrorAt(name, "negative");
    }

    /// <summary>A SHA-256 Merkle hash in hex (rekor's <c>rootHash</c> and proof hashes).</summary>
    private static byte[] Hash(JsonField e, string name) => HexHash(e.Required(name));

    private static byte[] HexHash(JsonField hex)
    {
        var s = hex.GetString();
        try
        {
            return s.Length == 64 ? Convert.FromHexString(s) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw hex.Error("not 64 hex digits");
        }
    }

    private static byte[][] Hashes(JsonField e) => [.. e.RequiredArray("hashes", 0, 64).Items().Select(HexHash)];
}

/// <summary>
/// What <c>GET /api/v1/log</c> answers: the root hash and size of the active tree, its signed checkpoint and tree ID.
/// </summary>
public sealed record RekorLogInfo(byte[] RootHash, ulong TreeSize, string SignedTreeHead, string TreeId);

/// <summary>
/// An entry's inclusion proof as Rekor v1 returns it: index, tree size and root, audit path hashes and the checkpoint.
/// </summary>
public sealed record RekorInclusionProof(ulong LogIndex, ulong TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Hashes, string Checkpoint);

/// <summary>
/// One Rekor v1 log entry: its UUID, canonical body, integrated time, log ID and index, with its proofs when returned.
/// </summary>
public sealed record RekorEntry(string Uuid, byte[] Body, long IntegratedTime, string LogId, ulong LogIndex, RekorInclusionProof? InclusionProof, byte[]? SignedEntryTimestamp);
