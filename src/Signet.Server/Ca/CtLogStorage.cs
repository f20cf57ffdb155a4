using System.Security.Cryptography;
using Signet.Ca.Ct;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Entries;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Server.Ca;

/// <summary>
/// The CT log's storage: its own instance of Signet's log engine under <c>DIR/ct</c> (SQLite sequencing, tiles), whose
/// leaves are RFC 6962 MerkleTreeLeaf structures, plus each entry's extra_data (the submitted chain, §4.6) kept
/// beside it, content-addressed by leaf hash and written durably before the leaf is appended.
/// </summary>
public sealed class CtLogStorage : ICtLogBackend, IAsyncDisposable
{
    private readonly TransparencyLog _log;
    private readonly ISequencer _sequencer;
    private readonly LogKey _checkpointKey;
    private readonly string _extraDirectory;

    private CtLogStorage(TransparencyLog log, ISequencer sequencer, LogKey checkpointKey, string extraDirectory)
    {
        _log = log;
        _sequencer = sequencer;
        _checkpointKey = checkpointKey;
        _extraDirectory = extraDirectory;
    }

    public static async Task<ICtLogBackend> OpenAsync(SignetServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var dir = options.PathOf("ct");
        Directory.CreateDirectory(dir);
        var origin = (options.PublicUrl is { } u && Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Authority : "signet") + "/ct";
        var key = LogKey.LoadOrCreate(options.PathOf("keys", "ct-checkpoint"), origin);
        var sequencer = await SqliteSequencer.OpenAsync(Path.Combine(dir, "ct.db"), cancellationToken).ConfigureAwait(false);
        var tiles = new FileTileStore(Path.Combine(dir, "tiles"));
        var log = await TransparencyLog.OpenAsync(sequencer, tiles, key, new LogOptions { Origin = origin }, time, cancellationToken).ConfigureAwait(false);
        return new CtLogStorage(log, sequencer, key, Path.Combine(dir, "extra"));
    }

    public async Task<ulong> AppendAsync(byte[] merkleTreeLeaf, byte[] extraData, CancellationToken cancellationToken)
    {
        var leafHash = Rfc6962.HashLeaf(merkleTreeLeaf);
        await WriteExtraAsync(leafHash, extraData, cancellationToken).ConfigureAwait(false);
        // RFC 6962 §3: an SCT promises integration within the MMD, so it is returned once the leaf is durably
        // sequenced; the engine integrates it and publishes a covering tree head in the background.
        var sequenced = await _log.SequenceAsync(new CanonicalEntry("ct", "1", merkleTreeLeaf, []), cancellationToken).ConfigureAwait(false);
        return sequenced.Index;
    }

    public Task<CtTree> GetTreeAsync(CancellationToken cancellationToken)
    {
        var latest = _log.Latest;
        return Task.FromResult(new CtTree(latest.Size, latest.RootHash));
    }

    public async Task<IReadOnlyList<CtStoredEntry>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        var result = new List<CtStoredEntry>(count);
        for (var i = start; i < start + (ulong)count; i++)
        {
            var entry = await _log.GetEntryAsync(i, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                break;
            }

            var extra = await File.ReadAllBytesAsync(ExtraPath(Rfc6962.HashLeaf(entry.Body)), cancellationToken).ConfigureAwait(false);
            result.Add(new CtStoredEntry(i, entry.Body, extra));
        }

        return result;
    }

    public Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken) => _log.FindByLeafHashAsync(leafHash, cancellationToken);

    public Task<IReadOnlyList<byte[]>> GetInclusionProofAsync(ulong index, ulong treeSize, CancellationToken cancellationToken) =>
        _log.InclusionProofAsync(index, treeSize, cancellationToken);

    public Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong first, ulong second, CancellationToken cancellationToken) =>
        _log.ConsistencyProofAsync(first, second, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync().ConfigureAwait(false);
        await _sequencer.DisposeAsync().ConfigureAwait(false);
        _checkpointKey.Dispose();
    }

    private string ExtraPath(byte[] leafHash)
    {
        var hex = Convert.ToHexStringLower(leafHash);
        return Path.Combine(_extraDirectory, hex[..2], hex);
    }

    // Durable before the leaf is sequenced, so get-entries never finds a leaf without its chain.
    private async Task WriteExtraAsync(byte[] leafHash, byte[] extraData, CancellationToken cancellationToken)
    {
        var path = ExtraPath(leafHash);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(extraData, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
