using Microsoft.Extensions.Time.Testing;

namespace Signet.Witness.Tests;

/// <summary>A witness on a temporary data directory with a fake clock; <see cref="Restart"/> opens it again from disk.</summary>
internal sealed class WitnessFixture : IDisposable
{
    private readonly WitnessedLogs _logs;

    public WitnessFixture(params TestLog[] logs)
    {
        _logs = new WitnessedLogs(logs.Select(l => l.Witnessed));
        Witness = Open();
    }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("signet-witness-").FullName;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));

    public TlogWitness Witness { get; private set; }

    /// <summary>A new witness over the same directory (key and state from disk), as after a process restart.</summary>
    public TlogWitness Restart() => Witness = Open();

    /// <summary>A second witness process on the same files.</summary>
    public TlogWitness Open() =>
        new(WitnessKey.LoadOrCreate(Directory, "witness.example/w1", Clock), _logs, WitnessStore.Open(Path.Combine(Directory, "witness.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>Tests that clear SQLite's connection pools (all of them, process-wide) run one at a time: clearing closes
/// the other tests' connections, and the last one to close checkpoints and removes the WAL they look at.</summary>
[CollectionDefinition(Collection)]
public sealed class SqlitePools
{
    public const string Collection = "SQLite connection pools";
}
