using System.Net;
using System.Runtime.CompilerServices;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Tiles;

namespace Signet.Client.Monitoring;

/// <summary>
/// A C2SP tlog-tiles log (Rekor v2, Signet's log under <c>/api/v2/</c>) as a monitor reads it: the checkpoint, hash
/// tiles and entry bundles. Consistency proofs are built here from the tiles (pure Core: which nodes → fetch → build),
/// and a walk of entries is proven whole: the compact range of the tree before the first entry comes from the tiles,
/// every entry's leaf hash is appended to it, and the result must be the verified root — so a log cannot hide, add or
/// change an entry without the walk failing.
/// </summary>
/// <param name="http">A client whose base address is the tiles prefix (e.g. <c>https://log.example/api/v2/</c>).</param>
/// <param name="publicKeyUrl">Where the log publishes its key as PEM, if it does (Signet: <c>/api/v1/log/publicKey</c>).</param>
public sealed class TileMonitoredLog(HttpClient http, Uri? publicKeyUrl = null) : IMonitoredLog, IMonitoredEntries
{
    /// <summary>Entry bundles fetched ahead of the one being read.</summary>
    public const int Prefetch = 8;

    private const int MaxObjectBytes = 16 * 1024 * 1024;

    // A PEM public key is a few hundred bytes.
    private const int MaxKeyBytes = 64 * 1024;

    /// <inheritdoc/>
    public async Task<LogHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        var note = await GetAsync("checkpoint", cancellationToken).ConfigureAwait(false)
            ?? throw new SigstoreServiceException("checkpoint: HTTP 404") { StatusCode = 404 };
        return new LogHead(System.Text.Encoding.UTF8.GetString(note), null);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken)
    {
        if (firstSize == 0 || firstSize == lastSize)
        {
            return [];
        }

        var tiles = await FetchTilesAsync(TileMath.TilesForConsistency(firstSize, lastSize), cancellationToken).ConfigureAwait(false);
        return ConsistencyProof.Build(firstSize, lastSize, new TileNodeSource(lastSize, tiles));
    }

    /// <inheritdoc/>
    public async Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken)
    {
        if (publicKeyUrl is null)
        {
            throw new SignetConfigurationException("this tiles log publishes no key: give its public key (--public-key)");
        }

        using var response = await http.GetAsync(publicKeyUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? System.Text.Encoding.UTF8.GetString(await ResponseBody.ReadAsync(response, MaxKeyBytes, http.Timeout,
                _ => new SignetFormatException($"{publicKeyUrl}: a public key of more than {MaxKeyBytes} bytes"), cancellationToken).ConfigureAwait(false))
            : throw new SigstoreServiceException($"{publicKeyUrl}: HTTP {(int)response.StatusCode}") { StatusCode = (int)response.StatusCode };
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<MonitoredEntry> ReadEntriesAsync(ulong start, LogTreeHead tree, VerificationKey logKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (start >= tree.Size)
        {
            yield break;
        }

        // The compact range [0, start): its nodes are perfect subtrees of the tree, read from the tree's tiles.
        var range = new CompactRange();
        if (start > 0)
        {
            var nodes = MerkleRange.Nodes(0, start);
            var tiles = await FetchTilesAsync(TileMath.TilesFor(nodes, tree.Size), cancellationToken).ConfigureAwait(false);
            var source = new TileNodeSource(tree.Size, tiles);
            range = CompactRange.Restore(start, nodes.Select(source.GetNode).ToList());
        }

        var first = start >> TileMath.TileHeight;
        var last = (tree.Size - 1) >> TileMath.TileHeight;
        var ahead = new Queue<Task<IReadOnlyList<byte[]>>>();
        var next = first;
        var leaf = new byte[Rfc6962.HashSize];
        for (var bundle = first; bundle <= last; bundle++)
        {
            while (next <= last && ahead.Count < Prefetch)
            {
                ahead.Enqueue(BundleAsync(next++, tree.Size, cancellationToken));
            }

            var entries = await ahead.Dequeue().ConfigureAwait(false);
            var baseIndex = bundle << TileMath.TileHeight;
            for (var i = 0; i < entries.Count; i++)
            {
                var index = baseIndex + (ulong)i;
                if (index < start)
                {
                    continue;
                }

                Rfc6962.HashLeaf(entries[i], leaf);
                range.Append(leaf);
                yield return new MonitoredEntry(index, entries[i], null);
            }
        }

        if (!range.GetRootHash().AsSpan().SequenceEqual(tree.RootHash))
        {
            throw new MerkleProofException($"the log's entries {start}..{tree.Size} and tiles do not lead to the root of its checkpoint of size {tree.Size}");
        }
    }

    /// <inheritdoc/>
    public EntryMaterial ReadMaterial(MonitoredEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return EntryMaterial.FromRekorBody(entry.Body);
    }

    private async Task<IReadOnlyList<byte[]>> BundleAsync(ulong bundle, ulong treeSize, CancellationToken cancellationToken)
    {
        var id = TileMath.EntryBundleFor(bundle << TileMath.TileHeight, treeSize);
        // tlog-tiles "Partial Tiles": the full bundle of the same index may stand in for a partial one.
        var data = await GetAsync(TilePath.EntryBundle(id.Index, id.IsPartial ? id.Width : 0), cancellationToken).ConfigureAwait(false)
            ?? (id.IsPartial ? await GetAsync(TilePath.EntryBundle(id.Index), cancellationToken).ConfigureAwait(false) : null)
            ?? throw new SigstoreServiceException($"entry bundle {id.Index} of tree size {treeSize} is missing (HTTP 404)") { StatusCode = 404 };
        var entries = EntryBundle.Decode(data);
        return entries.Count >= id.Width
            ? entries.Take(id.Width).ToArray()
            : throw new MerkleProofException($"entry bundle {id.Index} holds {entries.Count} entries, the tree of size {treeSize} needs {id.Width}");
    }

    private async Task<Dictionary<TileId, HashTile>> FetchTilesAsync(IReadOnlyList<TileId> needed, CancellationToken cancellationToken)
    {
        var fetched = await Task.WhenAll(needed.Select(async tile =>
        {
            var data = await GetAsync(tile.HashTilePath, cancellationToken).ConfigureAwait(false);
            var id = tile;
            if (data is null && tile.IsPartial)
            {
                id = tile with { Width = TileMath.TileWidth };
                data = await GetAsync(id.HashTilePath, cancellationToken).ConfigureAwait(false);
            }

            return new HashTile(id, data ?? throw new SigstoreServiceException($"tile {tile.HashTilePath} is missing (HTTP 404)") { StatusCode = 404 });
        })).ConfigureAwait(false);
        return fetched.ToDictionary(t => t.Id);
    }

    private async Task<byte[]?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SigstoreServiceException($"{path}: HTTP {(int)response.StatusCode}") { StatusCode = (int)response.StatusCode };
        }

        return await ResponseBody.ReadAsync(response, MaxObjectBytes, http.Timeout,
            _ => new SignetFormatException($"{path}: larger than {MaxObjectBytes} bytes"), cancellationToken).ConfigureAwait(false);
    }
}
