using Signet.Core;
using Signet.Core.Keys;
using Signet.Log.Engine;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Tests.Engine;

/// <summary>
/// A log does not start over a database that is behind the checkpoint it published (a database restored from an older
/// backup, or lost), nor over one of another history or tiles of another log: it would sign a second, inconsistent
/// tree. Before, a log whose database was restored from an older copy served the smaller tree and gave published
/// indices to new entries. A checkpoint file that lags the database is normal and opens.
/// </summary>
public sealed class PublishedCheckpointCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-published-").FullName;
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "published.example/log");

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Tiles => Path.Combine(_dir, "tiles");

    private string Checkpoint => Path.Combine(Tiles, "checkpoint");

    private LogOptions Options(string? origin = null) => new() { Origin = origin ?? _key.Name, PublicationTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>Opens the log over <paramref name="db"/> and the shared tiles, appends <paramref name="entries"/>, and
    /// closes it (the checkpoint file is written on close).</summary>
    private Task AppendAsync(string db, params int[] entries) => AppendAsync(db, Tiles, entries);

    private async Task AppendAsync(string db, string tiles, params int[] entries)
    {
        await using var store = await SqliteSequencer.OpenAsync(db, default);
        await using var log = await TransparencyLog.OpenAsync(store, new FileTileStore(tiles), _key, Options(), TimeProvider.System, default);
        foreach (var i in entries)
        {
            await log.Writer.AppendAsync(TestEntries.Body(i), [TestEntries.Key(i)], default);
        }
    }

    private async Task<SignetConfigurationException> RefusedAsync(string db, LogKey? key = null)
    {
        await using var store = await SqliteSequencer.OpenAsync(db, default);
        return await Assert.ThrowsAsync<SignetConfigurationException>(
            () => TransparencyLog.OpenAsync(store, new FileTileStore(Tiles), key ?? _key, Options(key?.Name), TimeProvider.System, default));
    }

    private string Db(string name) => Path.Combine(_dir, name);


    [Fact]
    public async Task A_database_restored_from_an_older_copy_is_refused_and_the_published_checkpoint_is_left_alone()
    {
        await AppendAsync(Db("log.db"), 1);
        SqliteFiles.Copy(Db("log.db"), Db("backup.db"));
        await AppendAsync(Db("log.db"), 2, 3);
        var published = await File.ReadAllBytesAsync(Checkpoint);
        SqliteFiles.Copy(Db("backup.db"), Db("log.db"));

        var e = await RefusedAsync(Db("log.db"));

        Assert.Contains("the database holds a tree of 1 entries but the log published a checkpoint of 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(published, await File.ReadAllBytesAsync(Checkpoint));
    }

    [Fact]
    public async Task A_lost_database_is_refused()
    {
        await AppendAsync(Db("log.db"), 1, 2);

        var e = await RefusedAsync(Db("new.db"));

        Assert.Contains("holds a tree of 0 entries but the log published a checkpoint of 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_of_another_history_with_the_same_size_is_refused()
    {
        await AppendAsync(Db("log.db"), 1);
        // Another database of one entry, built over tiles of its own: entry 9 at index 0.
        await AppendAsync(Db("other.db"), Path.Combine(_dir, "other-tiles"), 9);

        var e = await RefusedAsync(Db("other.db"));

        Assert.Contains("the database's tree of 1 entries has another root than the published checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tiles_of_another_log_are_refused()
    {
        await AppendAsync(Db("log.db"), 1);

        using var another = LogKey.FromKey(SigningKey.GenerateEd25519(), "another.example/log");

        var e = await RefusedAsync(Db("log.db"), another);

        Assert.Contains("the published checkpoint is of the log 'published.example/log'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_checkpoint_is_refused()
    {
        await AppendAsync(Db("log.db"), 1);
        await File.WriteAllTextAsync(Checkpoint, "not a note");

        var e = await RefusedAsync(Db("log.db"));

        Assert.Contains("the published checkpoint cannot be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_file_that_lags_the_database_opens_and_is_brought_up_to_date()
    {
        await AppendAsync(Db("log.db"), 1);
        var lagging = await File.ReadAllBytesAsync(Checkpoint);
        await AppendAsync(Db("log.db"), 2, 3);
        await File.WriteAllBytesAsync(Checkpoint, lagging);

        await AppendAsync(Db("log.db"), 4);

        var text = await File.ReadAllTextAsync(Checkpoint);
        Assert.StartsWith("published.example/log\n4\n", text, StringComparison.Ordinal);
    }
}
