using System.Net;
using System.Net.Sockets;

namespace Signet.Cli.Tests;

/// <summary>
/// The repository life cycle through the <c>signet</c> tool, as key holders would run it: keygen, init, add-target,
/// sign by two root holders one after another, publish; then <c>signet trust init/update/show</c> against it.
/// </summary>
public sealed class TufAndTrustCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-cli-tuf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Password = "correct horse battery staple";

    private string P(string name) => Path.Combine(_dir, name);

    private SignetProcess.Result Run(params string[] args)
    {
        var r = SignetProcess.Run(args, _dir, new Dictionary<string, string> { ["SIGNET_TUF_CACHE"] = P("cache"), ["SIGNET_PASSWORD"] = Password }, null);
        return r;
    }

    private void Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"signet {string.Join(' ', args)} → {r.ExitCode}: {r.StdErr}");
    }

    [Fact]
    public void Repository_authored_with_offline_keys_is_trusted_by_signet_trust()
    {
        Ok("tuf", "keygen", "--out", P("alice.pem"));
        Ok("tuf", "keygen", "--out", P("bob.pem"), "--type", "ed25519");
        Ok("tuf", "keygen", "--out", P("online.pem"), "--unencrypted");
        File.WriteAllText(P("trusted_root.json"), "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}");
        Ok("tuf", "init", "--repo", P("repo"), "--root-key", P("alice.pem.pub"), "--root-key", P("bob.pem.pub"), "--root-threshold", "2",
            "--targets-key", P("alice.pem.pub"), "--online-key", P("online.pem"), "--timestamp-expires", "2d");
        Ok("tuf", "add-target", "--repo", P("repo"), P("trusted_root.json"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("alice.pem"));

        // One root signature of two: publishing refuses, naming the threshold.
        var early = Run("tuf", "publish", "--repo", P("repo"));
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("threshold is 2", early.StdErr, StringComparison.Ordinal);

        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("bob.pem"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("alice.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));
        Ok("tuf", "refresh", "--repo", P("repo"), "--force");

        using var mirror = StaticServer.Start(P("repo/published"));
        Ok("trust", "init", "--mirror", mirror.Url, "--root", P("repo/published/1.root.json"));
        var update = Run("trust", "update");
        Assert.Equal(0, update.ExitCode);
        Assert.Contains("timestamp 2 (unchanged)", update.StdOut, StringComparison.Ordinal);
        var show = Run("trust", "show");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("trusted_root.json (", show.StdOut, StringComparison.Ordinal);
        Assert.Contains("cached", show.StdOut, StringComparison.Ordinal);

        // Key rotation: carol replaces bob; alice and bob (old) and alice and carol (new) sign.
        Ok("tuf", "keygen", "--out", P("carol.pem"));
        Ok("tuf", "rotate-root", "--repo", P("repo"), "--root-key", P("alice.pem.pub"), "--root-key", P("carol.pem.pub"), "--root-threshold", "2");
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("alice.pem"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("carol.pem"));
        Assert.Equal(1, Run("tuf", "publish", "--repo", P("repo")).ExitCode); // bob's old-root signature missing
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("bob.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));
        var rotated = Run("trust", "update");
        Assert.Contains("trusted: root 2", rotated.StdOut, StringComparison.Ordinal);
    }

    /// <summary>
    /// Offline-signed root and targets expire; <c>signet tuf renew</c> stages the ones due (half of their validity used)
    /// or the ones named, unchanged but for version and expiry, for their key holders to sign and publish.
    /// </summary>
    [Fact]
    public void Renew_stages_root_and_targets_again_for_their_key_holders()
    {
        Ok("tuf", "keygen", "--out", P("holder.pem"));
        Ok("tuf", "keygen", "--out", P("online.pem"), "--unencrypted");
        File.WriteAllText(P("trusted_root.json"), "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}");
        Ok("tuf", "init", "--repo", P("repo"), "--root-key", P("holder.pem.pub"), "--targets-key", P("holder.pem.pub"), "--online-key", P("online.pem"),
            "--targets-expires", "16s");
        var targetsStaged = DateTimeOffset.UtcNow;
        Ok("tuf", "add-target", "--repo", P("repo"), P("trusted_root.json"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("holder.pem"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("holder.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));

        // Named: root now, due or not (version 2, the same keys).
        var root = Run("tuf", "renew", "--repo", P("repo"), "--role", "root");
        Assert.True(root.ExitCode == 0, root.StdErr);
        Assert.StartsWith("staged root version 2, unchanged but for its expiry", root.StdOut, StringComparison.Ordinal);
        var again = Run("tuf", "renew", "--repo", P("repo"), "--role", "targets", "--role", "root");
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("a staged root.json is already waiting for signatures", Assert.Single(again.StdErr.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.False(File.Exists(P("repo/staged/targets.json")), "a refused renewal stages nothing");
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("holder.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));
        Assert.True(File.Exists(P("repo/published/2.root.json")));

        // Due: targets (valid 16 s) once half of it has run out; root (182 days) is not due.
        var halfway = targetsStaged.AddSeconds(8.5) - DateTimeOffset.UtcNow;
        if (halfway > TimeSpan.Zero)
        {
            Thread.Sleep(halfway);
        }

        var due = Run("tuf", "renew", "--repo", P("repo"));
        Assert.True(due.ExitCode == 0, due.StdErr);
        Assert.StartsWith("staged targets version 2, unchanged but for its expiry", due.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("root", due.StdOut.Split('\n').Where(l => l.StartsWith("staged", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("holder.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));
        var renewed = Signet.Tuf.Metadata.TargetsMetadata.Parse(File.ReadAllBytes(P("repo/published/2.targets.json")));
        Assert.Equal(["trusted_root.json"], renewed.Targets.Keys);
        Assert.True(renewed.Envelope.Expires > DateTimeOffset.UtcNow, "the renewal carries a new expiry");

        // Nothing due right after (the renewal is valid 16 s again): one line saying when each expires, nothing staged.
        var nothing = Run("tuf", "renew", "--repo", P("repo"));
        Assert.True(nothing.ExitCode == 0, nothing.StdErr);
        Assert.StartsWith("nothing is due: root version 2 expires ", nothing.StdOut, StringComparison.Ordinal);
        Assert.False(Directory.EnumerateFiles(P("repo/staged"), "*.json").Any());
    }

    [Fact]
    public void Keygen_encrypts_offline_keys_and_writes_plain_ones_only_when_asked()
    {
        File.WriteAllText(P("pw.txt"), "from a file\n");
        Ok("tuf", "keygen", "--out", P("file.pem"), "--password-file", P("pw.txt"));
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(P("file.pem")), StringComparison.Ordinal);
        Ok("tuf", "keygen", "--out", P("env.pem"), "--type", "ed25519"); // password from SIGNET_PASSWORD
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(P("env.pem")), StringComparison.Ordinal);
        Ok("tuf", "keygen", "--out", P("online.pem"), "--unencrypted");
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(P("online.pem")), StringComparison.Ordinal);

        // No password source at all (no flag, no variable, empty standard input): refused, nothing written.
        var none = SignetProcess.Run(["tuf", "keygen", "--out", P("none.pem")], _dir, null, null);
        Assert.Equal(3, none.ExitCode);
        Assert.Contains("no password", Assert.Single(none.StdErr.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.False(File.Exists(P("none.pem")));
        var empty = SignetProcess.Run(["tuf", "keygen", "--out", P("empty.pem")], _dir, new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "" }, null);
        Assert.Equal(3, empty.ExitCode);
        Assert.False(File.Exists(P("empty.pem")));
        Assert.Equal(3, Run("tuf", "keygen", "--out", P("both.pem"), "--unencrypted", "--password-file", P("pw.txt")).ExitCode);

        // The encrypted online key is refused at init: signet serve could not use it.
        var init = Run("tuf", "init", "--repo", P("repo"), "--root-key", P("file.pem.pub"), "--targets-key", P("env.pem.pub"), "--online-key", P("file.pem"));
        Assert.Equal(3, init.ExitCode);
        Assert.Contains("--unencrypted", init.StdErr, StringComparison.Ordinal);
        Ok("tuf", "init", "--repo", P("repo"), "--root-key", P("file.pem.pub"), "--targets-key", P("env.pem.pub"), "--online-key", P("online.pem"));

        // Signing opens each key with its own password; a wrong one is one clear line.
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("file.pem"), "--password-file", P("pw.txt"));
        var wrong = Run("tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("env.pem"), "--password-file", P("pw.txt"));
        Assert.Equal(3, wrong.ExitCode);
        Assert.Single(wrong.StdErr.Trim().Split('\n'));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("env.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));
    }

    [Fact]
    public async Task An_authoring_command_waits_while_another_process_holds_the_repository()
    {
        Ok("tuf", "keygen", "--out", P("root.pem"), "--unencrypted");
        Ok("tuf", "keygen", "--out", P("online.pem"), "--unencrypted");
        Ok("tuf", "init", "--repo", P("repo"), "--root-key", P("root.pem.pub"), "--targets-key", P("root.pem.pub"), "--online-key", P("online.pem"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("root.pem"));
        Ok("tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("root.pem"));
        Ok("tuf", "publish", "--repo", P("repo"));

        // What signet serve holds while it re-signs the repository it serves.
        var held = Signet.Tuf.Repository.TufRepository.Lock(P("repo"), null, CancellationToken.None);
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "tuf", "refresh", "--repo", P("repo"), "--force" })
        {
            psi.ArgumentList.Add(a);
        }

        using var refresh = System.Diagnostics.Process.Start(psi)!;
        try
        {
            var waiting = await refresh.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal($"signet tuf: waiting for another process using the repository {P("repo")}", waiting);
            Assert.False(File.Exists(P("repo/published/2.snapshot.json"))); // nothing re-signed while it waits
            held.Dispose();

            await refresh.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(refresh.ExitCode == 0, await refresh.StandardError.ReadToEndAsync());
            Assert.Contains("timestamp version 2 (new)", await refresh.StandardOutput.ReadToEndAsync(), StringComparison.Ordinal);
        }
        finally
        {
            held.Dispose();
            refresh.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Trust_show_without_init_is_a_clear_error()
    {
        var r = Run("trust", "show");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("signet trust init", r.StdErr, StringComparison.Ordinal);
    }

    /// <summary>A loopback static file server for the published folder (stands in for a CDN mirror).</summary>
    private sealed class StaticServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _root;

        private StaticServer(string root, int port)
        {
            _root = root;
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public static StaticServer Start(string root)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new StaticServer(root, port);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var path = Path.Combine(_root, Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath.TrimStart('/')));
                if (File.Exists(path) && !ctx.Request.Url.AbsolutePath.Contains("..", StringComparison.Ordinal))
                {
                    var bytes = await File.ReadAllBytesAsync(path);
                    ctx.Response.StatusCode = 200;
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    ctx.Response.StatusCode = 404;
                }

                ctx.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
