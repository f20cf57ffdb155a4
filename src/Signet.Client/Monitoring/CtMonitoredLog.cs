using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Ct;
using Signet.Core.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Monitoring;

/// <summary>
/// An RFC 6962 certificate transparency log (Signet's CA log under <c>/ct/v1/</c>, or any CT log with an ECDSA key) as a
/// monitor reads it: <c>get-sth</c> (the tree head, verified with the log's key), <c>get-sth-consistency</c>,
/// <c>get-entries</c>. A walk of entries is proven whole: the compact range before the first entry comes from the
/// verified inclusion proof of that entry (<c>get-proof-by-hash</c>; its left siblings are exactly the subtrees before
/// it), every leaf read is appended to it, and the result must be the verified root — so a log cannot hide, add or
/// change a certificate without the walk failing. Identities are read from the leaves only, never from the unsigned
/// <c>extra_data</c>.
/// </summary>
/// <param name="http">A client whose base address is the log's <c>ct/v1/</c> prefix.</param>
/// <param name="origin">The name the log's tree heads are reported under (its URL).</param>
public sealed class CtMonitoredLog(HttpClient http, string origin) : IMonitoredLog, IMonitoredEntries
{
    /// <summary>Entries asked for per <c>get-entries</c> request (a log may return fewer; the walk goes on from there).</summary>
    public const int EntriesPerRequest = 256;

    private const int MaxResponseBytes = 32 * 1024 * 1024;
    private const int MaxProofHashes = 64; // a tree of at most 2^64 leaves
    private static readonly JsonLimits ResponseLimits = new(MaxResponseBytes, 8, 100_000);

    /// <inheritdoc/>
    public async Task<LogHead> GetHeadAsync(CancellationToken cancellationToken) =>
        new(Encoding.UTF8.GetString(await GetAsync("get-sth", cancellationToken).ConfigureAwait(false)), null);

    /// <inheritdoc/>
    public Checkpoint VerifyHead(LogHead head, VerificationKey logKey)
    {
        ArgumentNullException.ThrowIfNull(head);
        var sth = ReadTreeHead(Encoding.UTF8.GetBytes(head.SignedCheckpoint));
        if (!sth.VerifySignature(logKey))
        {
            throw new NoteVerificationException(NoteVerificationError.InvalidSignature, "get-sth: the tree head signature does not verify with the CT log's key");
        }

        return new Checkpoint(origin, sth.TreeSize, sth.RootHash, []);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken)
    {
        var path = $"get-sth-consistency?first={N(firstSize)}&second={N(lastSize)}";
        using var doc = Parse(await GetAsync(path, cancellationToken).ConfigureAwait(false), path);
        return JsonField.Root(doc.RootElement, path).RequireObject().Array("consistency", h => h.GetBase64(), MaxProofHashes);
    }

    /// <summary>RFC 6962 publishes no key: the CT log's key comes from the trusted root or <c>--public-key</c>.</summary>
    public Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken) =>
        throw new SignetConfigurationException("an RFC 6962 log does not publish its key: give the CT log's public key (--public-key)");

    /// <inheritdoc/>
    public async IAsyncEnumerable<MonitoredEntry> ReadEntriesAsync(ulong start, LogTreeHead tree, VerificationKey logKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (start >= tree.Size)
        {
            yield break;
        }

        CompactRange? range = start == 0 ? new CompactRange() : null;
        var leafHash = new byte[Rfc6962.HashSize];
        for (var at = start; at < tree.Size;)
        {
            var end = Math.Min(at + EntriesPerRequest, tree.Size) - 1;
            var path = $"get-entries?start={N(at)}&end={N(end)}";
            using var doc = Parse(await GetAsync(path, cancellationToken).ConfigureAwait(false), path);
            var entries = JsonField.Root(doc.RootElement, path).RequireObject().RequiredArray("entries", minItems: 1, maxItems: EntriesPerRequest);
            foreach (var entry in entries.Items(EntriesPerRequest))
            {
                if (at > end)
                {
                    throw new SignetFormatException($"{path}: more entries than asked for");
                }

                var leaf = entry.RequireObject().RequiredBase64("leaf_input");
                Rfc6962.HashLeaf(leaf, leafHash);
                range ??= await FrontierAsync(at, tree, leafHash, cancellationToken).ConfigureAwait(false);
                range.Append(leafHash);
                yield return new MonitoredEntry(at, leaf, (long)Math.Min(CtMerkleTreeLeaf.Parse(leaf).Timestamp / 1000, long.MaxValue));
                at++;
            }
        }

        if (!range!.GetRootHash().AsSpan().SequenceEqual(tree.RootHash))
        {
            throw new MerkleProofException($"the CT log's entries {start}..{tree.Size} do not lead to the root of its tree head of size {tree.Size}");
        }
    }

    /// <inheritdoc/>
    public EntryMaterial ReadMaterial(MonitoredEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return EntryMaterial.FromCtLeaf(entry.Body);
    }

    /// <summary>RFC 6962 §4.3 <c>get-sth</c>'s response: tree_size, timestamp, sha256_root_hash, tree_head_signature.</summary>
    /// <param name="json">The response body.</param>
    public static CtSignedTreeHead ReadTreeHead(byte[] json)
    {
        using var doc = Parse(json, "get-sth");
        var root = JsonField.Root(doc.RootElement, "get-sth").RequireObject();
        return new CtSignedTreeHead(
            Unsigned(root, "tree_size"), Unsigned(root, "timestamp"), root.RequiredBase64("sha256_root_hash"), root.RequiredBase64("tree_head_signature"));
    }

    // The compact range before the first new entry: the left siblings of its inclusion proof in the verified tree.
    private async Task<CompactRange> FrontierAsync(ulong index, LogTreeHead tree, byte[] leafHash, CancellationToken cancellationToken)
    {
        var path = $"get-proof-by-hash?hash={Uri.EscapeDataString(Convert.ToBase64String(leafHash))}&tree_size={N(tree.Size)}";
        using var doc = Parse(await GetAsync(path, cancellationToken).ConfigureAwait(false), path);
        var root = JsonField.Root(doc.RootElement, path).RequireObject();
        var proof = root.Array("audit_path", h => h.GetBase64(), MaxProofHashes);
        if (Unsigned(root, "leaf_index") != index)
        {
            throw new MerkleProofException($"{path}: the log proves the leaf at another index than {index}");
        }

        InclusionProof.Verify(index, tree.Size, leafHash, proof, tree.RootHash);
        return InclusionProof.LeftFrontier(index, tree.Size, proof);
    }

    private static ulong Unsigned(JsonField o, string name)
    {
        var v = o.RequiredInteger(name);
        return v >= 0 ? (ulong)v : throw o.ErrorAt(name, "must not be negative");
    }

    private static string N(ulong n) => n.ToString(CultureInfo.InvariantCulture);

    private static System.Text.Json.JsonDocument Parse(byte[] json, string what) => StrictJson.Parse(json, what, ResponseLimits);

    private async Task<byte[]> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SigstoreServiceException($"{path}: HTTP {(int)response.StatusCode}") { StatusCode = (int)response.StatusCode };
        }

        return await ResponseBody.ReadAsync(response, MaxResponseBytes, http.Timeout,
            _ => new SignetFormatException($"{path}: larger than {MaxResponseBytes} bytes"), cancellationToken).ConfigureAwait(false);
    }
}
