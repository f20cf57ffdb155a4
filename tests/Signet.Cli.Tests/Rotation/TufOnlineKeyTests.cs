using System.Security.Cryptography;

namespace Signet.Cli.Tests.Rotation;

/// <summary>
/// A <c>--tuf-online-key</c> that the TUF repository's root does not list for snapshot and timestamp would publish
/// metadata every client refuses: the start stops with one line (exit 5); the key the root lists starts as usual.
/// </summary>
[Collection("interop")]
public sealed class TufOnlineKeyTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-tuf-online-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task An_online_key_the_repository_root_does_not_list_stops_the_start()
    {
        await using (var server = new RotatingServer(_work))
        {
            await server.StartAsync(); // makes the development repository with DIR/keys/tuf-online.pem
        }

        var data = Path.Combine(_work, "data");
        var other = Path.Combine(_work, "other-online.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(other, key.ExportPkcs8PrivateKeyPem());
        }

        var refused = SignetProcess.Run("serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--services", "tuf", "--tuf-online-key", other);
        Assert.True(refused.ExitCode == 5, $"exit {refused.ExitCode}\n{refused.StdErr}{refused.StdOut}");
        var line = Assert.Single(refused.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--tuf-online-key: the TUF repository's root (version 1) does not list this key for snapshot", line, StringComparison.Ordinal);

        await using var listed = new RotatingServer(_work);
        await listed.StartAsync("--tuf-online-key", Path.Combine(data, "keys", "tuf-online.pem"));
    }
}
