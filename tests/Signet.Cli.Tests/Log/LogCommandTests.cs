using System.Text;
using System.Text.Json;
using Signet.Core.Keys;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Log;

public sealed class LogCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-logcli-").FullName;
    private readonly SigningKey _key = SigningKey.GenerateEcdsaP256();

    [Fact]
    public async Task Info_get_proof_and_consistency_verify_against_a_running_log_and_detect_a_fork()
    {
        using var server = await ServerProcess.StartAsync(Path.Combine(_dir, "data"), LoopbackPort.Free(), "--log-origin", "cli.test");
        using var http = new HttpClient { BaseAddress = server.Url };
        var url = server.Url.ToString();
        var state = Path.Combine(_dir, "state.json");
        for (var i = 0; i < 3; i++)
        {
            await AppendAsync(http, i);
        }

        var info = SignetProcess.Run("log", "info", "--rekor-url", url, "--state", state);
        Assert.True(info.ExitCode == 0, info.StdErr);
        Assert.Contains("treeSize: 3", info.StdOut);
        for (var i = 3; i < 5; i++)
        {
            await AppendAsync(http, i);
        }

        var again = SignetProcess.Run("log", "info", "--rekor-url", url, "--state", state, "--json");
        Assert.True(again.ExitCode == 0, again.StdErr);
        using (var doc = JsonDocument.Parse(again.StdOut))
        {
            Assert.Equal(5, doc.RootElement.GetProperty("treeSize").GetInt64());
            Assert.Contains("consistency proof from 3 to 5 verified", doc.RootElement.GetProperty("verification").GetString());
        }

        var get = SignetProcess.Run("log", "get", "--rekor-url", url, "--log-index", "1", "--state", state, "--json");
        Assert.True(get.ExitCode == 0, get.StdErr);
        using (var doc = JsonDocument.Parse(get.StdOut))
        {
            Assert.Equal("verified", doc.RootElement.GetProperty("signedEntryTimestamp").GetString());
            Assert.Equal("hashedrekord", doc.RootElement.GetProperty("body").GetProperty("kind").GetString());
        }

        var proof = SignetProcess.Run("log", "proof", "--rekor-url", url, "--log-index", "4", "--state", state, "--json");
        Assert.True(proof.ExitCode == 0, proof.StdErr);
        using (var doc = JsonDocument.Parse(proof.StdOut))
        {
            Assert.Equal(5, doc.RootElement.GetProperty("treeSize").GetInt64());
            Assert.Equal(1, doc.RootElement.GetProperty("hashes").GetArrayLength());
        }

        Assert.Equal(0, SignetProcess.Run("log", "consistency", "--rekor-url", url, "--state", state).ExitCode);

        // A remembered root that the log cannot prove consistent: verification failure (exit 1).
        var forked = SignetProcess.Run("log", "consistency", "--rekor-url", url, "--state", state, "--first-size", "2", "--first-root", new string('a', 64));
        Assert.Equal(1, forked.ExitCode);
        Assert.Contains("verification failed", forked.StdErr);

        // A different pinned key: verification failure.
        var other = Path.Combine(_dir, "other.pem");
        await File.WriteAllTextAsync(other, SigningKey.GenerateEd25519().PublicKey.ToPem());
        Assert.Equal(1, SignetProcess.Run("log", "info", "--rekor-url", url, "--state", state, "--public-key", other).ExitCode);

        // Unknown index: the service answers 404 (exit 4); bad arguments: usage (exit 2).
        Assert.Equal(4, SignetProcess.Run("log", "get", "--rekor-url", url, "--log-index", "99", "--state", state).ExitCode);
        Assert.Equal(2, SignetProcess.Run("log", "get", "--rekor-url", url, "--state", state).ExitCode);
    }

    private async Task AppendAsync(HttpClient http, int i)
    {
        var artifact = Encoding.UTF8.GetBytes($"cli artifact {i}");
        using var content = new StringContent(HashedRekordRequest.V001(_key, artifact), Encoding.UTF8, "application/json");
        var r = await http.PostAsync(new Uri("api/v1/log/entries", UriKind.Relative), content);
        r.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
