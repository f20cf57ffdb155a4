using System.Text.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Log;

/// <summary>
/// A data directory whose logs were embedded (SQLite under <c>DIR/log</c>, <c>DIR/ct</c>) meeting <c>--log-postgres</c>.
/// Versions before b8ada2b kept the CT log embedded even with <c>--log-postgres</c>; upgraded, a server opened an empty
/// CT log in PostgreSQL and signed a tree of 0 with the same keys beside the tree whose SCTs the certificates it issued
/// carry. Now the CT log's entries move into PostgreSQL (same indices, leaves, chains: the same root); a Rekor log with
/// entries refuses to start over in PostgreSQL, a log whose state is in PostgreSQL refuses to start embedded, and a
/// shared database behind the checkpoint an earlier version published under the data directory refuses to start.
/// </summary>
[Collection("postgres")]
public sealed class EmbeddedToPostgresTests(PostgresServer postgres) : IDisposable
{
    private const string Email = "upgrade@signet.dev";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-upgrade-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A CA whose CT log is embedded, as versions before b8ada2b kept it: one certificate issued for each artifact.
    private async Task<Sth> EmbeddedCtLogAsync(string data, int port, params string[] artifacts)
    {
        using var embedded = await ServerProcess.StartAsync(data, port, "--services", "ca,ct,tsa", "--dev-oidc");
        foreach (var artifact in artifacts)
        {
            Sign(embedded.Url, data, artifact);
        }

        return await SthAsync(embedded.Url, (ulong)artifacts.Length);
    }

    [Fact]
    public async Task The_ct_log_an_earlier_version_kept_embedded_moves_into_postgresql_with_the_same_tree()
    {
        var data = Path.Combine(_dir, "data");
        var port = LoopbackPort.Free();
        var before = await EmbeddedCtLogAsync(data, port, "one", "two");

        var database = postgres.CreateDatabase();
        using (var shared = await ServerProcess.StartAsync(data, port, "--services", "log,ca,ct,tsa", "--dev-oidc", "--log-postgres", database))
        {
            Assert.Contains("CT log: moving 2 entries from " + Path.Combine(data, "ct", "ct.db"), shared.OutputTail, StringComparison.Ordinal);
            var moved = await SthAsync(shared.Url, 2);
            Assert.Equal(before.Root, moved.Root); // the same tree, not a second one from 0
            Assert.False(File.Exists(Path.Combine(data, "ct", "ct.db")));
            Assert.True(File.Exists(Path.Combine(data, "ct", "ct.db.moved-to-postgres")));
            Assert.True(Directory.Exists(Path.Combine(data, "ct", "tiles.moved-to-postgres")));

            using var http = new HttpClient();
            using var entries = JsonDocument.Parse(await http.GetStringAsync(new Uri(shared.Url, "ct/v1/get-entries?start=0&end=1")));
            Assert.All(entries.RootElement.GetProperty("entries").EnumerateArray(), e => Assert.NotEmpty(e.GetProperty("extra_data").GetString()!));

            Sign(shared.Url, data, "three");
            var after = await SthAsync(shared.Url, 3);
            using var proof = JsonDocument.Parse(await http.GetStringAsync(new Uri(shared.Url, "ct/v1/get-sth-consistency?first=2&second=3")));
            ConsistencyProof.Verify(2, 3, [.. proof.RootElement.GetProperty("consistency").EnumerateArray().Select(n => Convert.FromBase64String(n.GetString()!))], before.Root, after.Root);
        }

        // A later start finds nothing to move; the log is PostgreSQL's.
        using var again = await ServerProcess.StartAsync(data, port, "--services", "log,ca,ct,tsa", "--dev-oidc", "--log-postgres", database);
        Assert.DoesNotContain("CT log: moving", again.OutputTail, StringComparison.Ordinal);
        Assert.Equal(3UL, (await SthAsync(again.Url, 3)).Size);
    }

    [Fact]
    public async Task An_embedded_ct_log_whose_chains_are_gone_stops_the_move_and_it_goes_on_once_they_are_back()
    {
        var data = Path.Combine(_dir, "data");
        var port = LoopbackPort.Free();
        var before = await EmbeddedCtLogAsync(data, port, "one");

        // get-entries serves each entry's chain: without them nothing moves, and the start says which and what to do
        // (before, the start failed with .NET's "Could not find a part of the path …").
        var extra = Path.Combine(data, "ct", "extra");
        Directory.Move(extra, extra + ".aside");
        var database = postgres.CreateDatabase();
        var r = SignetProcess.Run("serve", "--data-dir", data, "--listen", $"127.0.0.1:{port}", "--services", "ca,ct,tsa", "--log-postgres", database);
        Assert.Equal(5, r.ExitCode);
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("CT log: the chain of entry 0 cannot be read (", line, StringComparison.Ordinal);
        Assert.Contains("0 of the 1 entries are in PostgreSQL. Restore the embedded log's 'extra' folder from a backup and start again", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "ct", "ct.db")));

        Directory.Move(extra + ".aside", extra);
        using var shared = await ServerProcess.StartAsync(data, port, "--services", "ca,ct,tsa", "--dev-oidc", "--log-postgres", database);
        Assert.Equal(before.Root, (await SthAsync(shared.Url, 1)).Root);
    }

    [Fact]
    public async Task An_embedded_ct_log_of_another_history_than_the_one_in_postgresql_stops_the_start()
    {
        var port = LoopbackPort.Free();
        var a = Path.Combine(_dir, "a");
        var database = postgres.CreateDatabase();
        using (var shared = await ServerProcess.StartAsync(a, port, "--services", "ca,ct,tsa", "--dev-oidc", "--log-postgres", database))
        {
            Sign(shared.Url, a, "in postgresql");
        }

        // The same data directory's CT log as an earlier version left it: embedded, with another entry.
        File.Delete(Path.Combine(a, "ct", LogMarker));
        using (var embedded = await ServerProcess.StartAsync(a, port, "--services", "ca,ct,tsa", "--dev-oidc"))
        {
            Sign(embedded.Url, a, "embedded");
        }

        var r = SignetProcess.Run("serve", "--data-dir", a, "--listen", $"127.0.0.1:{port}", "--services", "ca,ct,tsa", "--log-postgres", database);
        Assert.Equal(5, r.ExitCode);
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("holds 1 entries, kept there by an earlier version, and PostgreSQL holds 1 others: two histories signed with the same CT key", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(a, "ct", "ct.db"))); // nothing moved, nothing renamed
    }

    [Fact]
    public async Task A_rekor_log_with_entries_does_not_start_over_in_postgresql_nor_a_postgresql_log_embedded()
    {
        var port = LoopbackPort.Free();
        var data = Path.Combine(_dir, "embedded");
        using (var embedded = await ServerProcess.StartAsync(data, port))
        {
            await AppendAsync(embedded.Url, 1);
        }

        var r = SignetProcess.Run("serve", "--data-dir", data, "--listen", $"127.0.0.1:{port}", "--services", "log", "--log-postgres", postgres.CreateDatabase());
        Assert.Equal(5, r.ExitCode);
        Assert.Contains($"{Path.Combine(data, "log", "log.db")} holds its 1 entries; with --log-postgres it would start another history", r.StdErr, StringComparison.Ordinal);

        var shared = Path.Combine(_dir, "shared");
        using (await ServerProcess.StartAsync(shared, port, "--log-postgres", postgres.CreateDatabase()))
        {
        }

        var forgot = SignetProcess.Run("serve", "--data-dir", shared, "--listen", $"127.0.0.1:{port}", "--services", "log");
        Assert.Equal(5, forgot.ExitCode);
        Assert.Contains("its state is in PostgreSQL", forgot.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(shared, "log", "log.db")));
    }

    [Fact]
    public async Task A_postgresql_database_behind_the_checkpoint_an_earlier_version_left_in_the_data_directory_stops_the_start()
    {
        var port = LoopbackPort.Free();
        var data = Path.Combine(_dir, "data");
        var database = postgres.CreateDatabase();
        string checkpoint;
        using (var shared = await ServerProcess.StartAsync(data, port, "--log-postgres", database))
        {
            await AppendAsync(shared.Url, 2);
            using var http = new HttpClient();
            checkpoint = await http.GetStringAsync(new Uri(shared.Url, "api/v2/checkpoint"));
            Assert.StartsWith($"127.0.0.1:{port}\n2\n", checkpoint, StringComparison.Ordinal);
        }

        // The published checkpoint where versions before b8ada2b kept a shared log's tiles; then the database is an
        // older copy (here: an empty one).
        Directory.CreateDirectory(Path.Combine(data, "log", "tiles"));
        File.WriteAllText(Path.Combine(data, "log", "tiles", "checkpoint"), checkpoint);
        var r = SignetProcess.Run("serve", "--data-dir", data, "--listen", $"127.0.0.1:{port}", "--services", "log", "--log-postgres", postgres.CreateDatabase());
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("the database holds a tree of 0 entries but the log published a checkpoint of 2", r.StdErr, StringComparison.Ordinal);

        using var right = await ServerProcess.StartAsync(data, port, "--log-postgres", database); // the database that goes with it
        Assert.False(right.HasExited);
    }

    private const string LogMarker = "postgresql";

    /// <summary>Appends <paramref name="count"/> hashedrekord entries through the Rekor v1 API (each answered once a
    /// checkpoint covers it).</summary>
    private static async Task AppendAsync(Uri url, int count)
    {
        using var key = SigningKey.GenerateEcdsaP256();
        using var http = new HttpClient { BaseAddress = url };
        for (var i = 0; i < count; i++)
        {
            using var entry = new StringContent(HashedRekordRequest.V001(key, System.Text.Encoding.UTF8.GetBytes($"entry {i}")), System.Text.Encoding.UTF8, "application/json");
            Assert.Equal(System.Net.HttpStatusCode.Created, (await http.PostAsync(new Uri("api/v1/log/entries", UriKind.Relative), entry)).StatusCode);
        }
    }

    private sealed record Sth(ulong Size, byte[] Root);

    /// <summary>The CT log's signed tree head once it has <paramref name="size"/> entries (integration is asynchronous).</summary>
    private static async Task<Sth> SthAsync(Uri url, ulong size)
    {
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            using var sth = JsonDocument.Parse(await http.GetStringAsync(new Uri(url, "ct/v1/get-sth")));
            var s = new Sth(sth.RootElement.GetProperty("tree_size").GetUInt64(), Convert.FromBase64String(sth.RootElement.GetProperty("sha256_root_hash").GetString()!));
            if (s.Size == size || i == 100)
            {
                Assert.Equal(size, s.Size);
                return s;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Signs keylessly through the server (the CA logs the precertificate in its CT log).</summary>
    private void Sign(Uri url, string data, string content)
    {
        var artifact = Path.Combine(_dir, content.Replace(' ', '-') + ".txt");
        File.WriteAllText(artifact, content);
        var token = SignetProcess.Run("dev-token", "--server", url.ToString().TrimEnd('/'), "--email", Email);
        Assert.True(token.ExitCode == 0, token.StdErr);
        var signed = SignetProcess.Run("sign", artifact, "--identity-token", token.StdOut.Trim(), "--signing-config", Path.Combine(data, "signing_config.v0.2.json"));
        Assert.True(signed.ExitCode == 0, signed.StdErr);
    }
}
