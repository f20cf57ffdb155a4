using Signet.Core.Keys;
using Signet.Log.Engine;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Rekor.Tests;

/// <summary>The Rekor personality over a real engine: SQLite and tile files in a temporary directory, fresh keys.</summary>
public sealed class RekorLogFixture : IAsyncDisposable
{
    public const string Origin = "rekor.test";

    private readonly string _dir;
    private readonly ILogDatabase _database;

    private RekorLogFixture(string dir, ILogDatabase database, TransparencyLog log, RekorKeys keys)
    {
        _dir = dir;
        _database = database;
        Log = log;
        Keys = keys;
        V1 = new RekorV1Api(log.Writer, log.Reader, keys);
        V2 = new RekorV2Api(log.Writer, log.Reader, keys);
    }

    public TransparencyLog Log { get; }

    public RekorKeys Keys { get; }

    public RekorV1Api V1 { get; }

    public RekorV2Api V2 { get; }

    public static async Task<RekorLogFixture> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("signet-rekor-").FullName;
        var keys = RekorKeys.FromKeys(SigningKey.GenerateEd25519(), SigningKey.GenerateEcdsaP256(), Origin);
        var database = await SqliteSequencer.OpenAsync(Path.Combine(dir, "log.db"), default);
        var log = await TransparencyLog.OpenAsync(database, new FileTileStore(Path.Combine(dir, "tiles")), keys.CheckpointSigner,
            new LogOptions { Origin = Origin }, TimeProvider.System, default);
        return new RekorLogFixture(dir, database, log, keys);
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await _database.DisposeAsync();
        Keys.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
