using Signet.Core;
using Signet.Core.Merkle;
using Signet.Log.Ct;
using Signet.Log.Postgres;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Server.Ca;

/// <summary>
/// Before <c>--log-postgres</c> kept the CT log in PostgreSQL too (b8ada2b), a server with that option kept its CT log
/// embedded: <c>DIR/ct/ct.db</c> (SQLite), its tiles under <c>DIR/ct/tiles</c> and each entry's chain under
/// <c>DIR/ct/extra</c>. A server of this version opened an empty CT log in PostgreSQL instead and signed a tree of 0
/// with the same keys — a second history beside the one whose SCTs every certificate issued before carries (RFC 6962
/// §3: the log promises to include them), which any CT monitor reports as the log's misbehaviour.
/// <para>
/// Now, while the CT log in PostgreSQL holds no entry, the embedded one's entries move there with the same indices, the
/// same bodies (so the same leaves and root), the same sequencing times and their chains; then <c>ct.db</c> and
/// <c>tiles</c> are renamed <c>….moved-to-postgres</c>. An empty tree, if one was signed, is a prefix of every tree, so nothing signed
/// contradicts what follows. When both hold entries, the two histories already exist and the server refuses to start
/// until the operator decides which one stands.
/// </para>
/// </summary>
public static class EmbeddedCtLogMove
{
    /// <summary>The name <c>ct.db</c> gets once its entries are in PostgreSQL.</summary>
    public const string MovedSuffix = ".moved-to-postgres";

    private const int ChunkSize = 1000;

    /// <summary>
    /// Moves the embedded CT log under <paramref name="directory"/> into the PostgreSQL database of
    /// <paramref name="connectionString"/> if there is one to move; returns how many entries moved (0 when none).
    /// </summary>
    /// <param name="directory">The CT log's directory (<c>DIR/ct</c>).</param>
    /// <param name="connectionString">The <c>--log-postgres</c> connection string.</param>
    /// <param name="table">The CT log's table name in PostgreSQL.</param>
    /// <param name="progress">Told the number of entries to move, then each chunk moved.</param>
    /// <param name="cancellationToken">Stops the move (what has been copied stays; the next start continues it).</param>
    /// <exception cref="SignetConfigurationException">Both logs hold entries, or the embedded log is incomplete.</exception>
    public static async Task<ulong> MoveAsync(string directory, string connectionString, string table, Action<ulong, ulong> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var databasePath = Path.Combine(directory, "ct.db");
        if (!File.Exists(databasePath))
        {
            return 0;
        }

        ulong size;
        await using (var embedded = await SqliteSequencer.OpenAsync(databasePath, cancellationToken).ConfigureAwait(false))
        await using (var shared = await PostgresSequencer.OpenAsync(connectionString, table, cancellationToken).ConfigureAwait(false))
        {
            size = await embedded.GetSequencedSizeAsync(cancellationToken).ConfigureAwait(false);
            var already = await shared.GetSequencedSizeAsync(cancellationToken).ConfigureAwait(false);
            if (size > 0 && already > 0 && !await SameEntriesAsync(embedded, shared, Math.Min(size, already), cancellationToken).ConfigureAwait(false))
            {
                throw new SignetConfigurationException(
                    $"CT log: {databasePath} holds {size} entries, kept there by an earlier version, and PostgreSQL holds {already} others: "
                    + "two histories signed with the same CT key, and the certificates issued before carry SCTs of the first. "
                    + $"To keep the first, drop PostgreSQL's CT log (its signet_{table}_* tables) and start again to move it there; to keep the second, rename {databasePath}");
            }

            if (already < size)
            {
                await CopyAsync(embedded, shared, new ExtraDataStore(Path.Combine(directory, "extra")), new TileStoreExtraData(shared.Tiles),
                    already, size, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        // Both databases are closed (SQLite has folded its write-ahead log into the file): the embedded log is retired,
        // its tiles with it (PostgreSQL's are built from the same entries; the published checkpoint there is of this tree).
        var tiles = Path.Combine(directory, "tiles");
        if (Directory.Exists(tiles))
        {
            Directory.Move(tiles, tiles + MovedSuffix);
        }

        File.Move(databasePath, databasePath + MovedSuffix);
        foreach (var sidecar in new[] { "-wal", "-shm" })
        {
            File.Delete(databasePath + sidecar);
        }

        return size;
    }

    /// <summary>Whether the first <paramref name="count"/> entries of both logs are the same (a move interrupted after
    /// some chunks, which the next start continues).</summary>
    private static async Task<bool> SameEntriesAsync(SqliteSequencer embedded, PostgresSequencer shared, ulong count, CancellationToken cancellationToken)
    {
        for (ulong start = 0; start < count; start += ChunkSize)
        {
            var n = (int)Math.Min(ChunkSize, count - start);
            var a = await embedded.ReadEntriesAsync(start, n, cancellationToken).ConfigureAwait(false);
            var b = await shared.ReadEntriesAsync(start, n, cancellationToken).ConfigureAwait(false);
            if (a.Count != b.Count || a.Zip(b).Any(p => p.First.Index != p.Second.Index || !p.First.Body.AsSpan().SequenceEqual(p.Second.Body)))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task CopyAsync(SqliteSequencer from, PostgresSequencer to, ExtraDataStore chainsFrom, TileStoreExtraData chainsTo,
        ulong start, ulong size, Action<ulong, ulong> progress, CancellationToken cancellationToken)
    {
        progress(start, size);
        for (var next = start; next < size;)
        {
            var chunk = await from.ReadEntriesAsync(next, (int)Math.Min(ChunkSize, size - next), cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0 || chunk[0].Index != next)
            {
                throw new SignetConfigurationException($"CT log: the embedded log has no entry {next} of its {size}; nothing more was moved");
            }

            // The chains first, as the CT log writes them: PostgreSQL never holds a leaf without its chain.
            foreach (var entry in chunk)
            {
                var leafHash = Rfc6962.HashLeaf(entry.Body);
                byte[] chain;
                try
                {
                    chain = await chainsFrom.ReadAsync(leafHash, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // get-entries serves each entry's chain: an entry is not moved without it.
                    throw new SignetConfigurationException(
                        $"CT log: the chain of entry {entry.Index} cannot be read ({e.Message}); {next} of the {size} entries are in PostgreSQL. "
                        + "Restore the embedded log's 'extra' folder from a backup and start again: the move goes on from there", e);
                }

                await chainsTo.WriteAsync(leafHash, chain, cancellationToken).ConfigureAwait(false);
            }

            // One batch per run of entries sequenced at the same second, so every entry keeps its time.
            foreach (var entries in RunsOfOneTime(chunk))
            {
                var sequenced = await to.SequenceAsync([.. entries.Select(e => new PendingEntry(Rfc6962.HashLeaf(e.Body), e.Body, []))], entries[0].IntegratedTime, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < entries.Count; i++)
                {
                    if (sequenced[i].Duplicate || sequenced[i].Index != entries[i].Index)
                    {
                        throw new SignetConfigurationException(
                            $"CT log: entry {entries[i].Index} of the embedded log became {(sequenced[i].Duplicate ? "a duplicate of " : "")}entry {sequenced[i].Index} in PostgreSQL; the move stopped there");
                    }
                }
            }

            next += (ulong)chunk.Count;
            progress(next, size);
        }
    }

    private static IEnumerable<List<StoredEntry>> RunsOfOneTime(IReadOnlyList<StoredEntry> entries)
    {
        var run = new List<StoredEntry>();
        foreach (var e in entries)
        {
            if (run.Count > 0 && run[0].IntegratedTime != e.IntegratedTime)
            {
                yield return run;
                run = [];
            }

            run.Add(e);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
