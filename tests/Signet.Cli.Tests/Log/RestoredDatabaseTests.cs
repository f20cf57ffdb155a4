using System.Net;
using System.Text;
using Signet.Core.Keys;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Log;

/// <summary>
/// <c>signet serve</c> over a log database restored from an older copy than its tiles: it refuses to start (exit 5, one
/// line) instead of serving the smaller tree and giving an index it already published to another entry. Before, it
/// started, and the next entry got index 1 under a second, inconsistent checkpoint of size 2.
/// </summary>
public sealed class RestoredDatabaseTests : IDisposable
{
    private const string Origin = "restored.test";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-restored-").FullName;
    private readonly SigningKey _key = SigningKey.GenerateEcdsaP256();

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Log(string file) => Path.Combine(_dir, "log", file);

    /// <summary>Starts the log, appends <paramref name="entries"/>, waits until its checkpoint file says so, and kills it.</summary>
    private async Task AppendAsync(int port, int entries, ulong publishedSize)
    {
        using var server = await ServerProcess.StartAsync(_dir, port, "--log-origin", Origin);
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        for (var i = 0; i < entries; i++)
        {
            using var content = new StringContent(HashedRekordRequest.V001(_key, Encoding.UTF8.GetBytes($"artifact {Guid.NewGuid()}")), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("api/v1/log/entries", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (PublishedSize() != publishedSize && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(publishedSize, PublishedSize());
    }

    private ulong? PublishedSize()
    {
        var file = Path.Combine(_dir, "log", "tiles", "checkpoint");
        return File.Exists(file) ? ulong.Parse(File.ReadAllLines(file)[1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }


    [Fact]
    public async Task Serve_refuses_a_log_database_older_than_its_published_checkpoint_in_one_line()
    {
        var port = LoopbackPort.Free();
        await AppendAsync(port, 1, 1);
        SqliteFiles.Copy(Log("log.db"), Path.Combine(_dir, "backup.db"));
        await AppendAsync(port, 2, 3);
        SqliteFiles.Copy(Log("log.db"), Path.Combine(_dir, "current.db"));
        SqliteFiles.Copy(Path.Combine(_dir, "backup.db"), Log("log.db"));

        var r = SignetProcess.Run("serve", "--data-dir", _dir, "--listen", $"127.0.0.1:{port}", "--services", "log", "--log-origin", Origin);

        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet serve: configuration: log restored.test: the database holds a tree of 1 entries but the log published a checkpoint of 3", line, StringComparison.Ordinal);

        // The database that goes with the tiles back in place: the log starts and goes on from 3.
        SqliteFiles.Copy(Path.Combine(_dir, "current.db"), Log("log.db"));
        await AppendAsync(port, 1, 4);
    }
}
