using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests;

/// <summary>
/// Verify and sign commands take their trust from the TUF trust store when given neither <c>--trusted-root</c> nor
/// <c>--signing-config</c>: <c>signet serve</c> publishes its trusted root and signing config through its own TUF
/// repository, <c>signet trust init</c> trusts it, and a republished <c>trusted_root.json</c> reaches verify only
/// through <c>signet trust update</c>.
/// </summary>
public sealed class TrustStoreDefaultTests : IDisposable
{
    private const string Email = "release-team@signet.dev";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-trust-default-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private SignetProcess.Result Run(string cache, params string[] args) =>
        SignetProcess.Run(args, _dir, new Dictionary<string, string> { ["SIGNET_TUF_CACHE"] = cache }, null);

    [Fact]
    public async Task Sign_and_verify_use_the_TUF_trust_store_of_signet_serve_and_trust_update_brings_a_new_trusted_root()
    {
        var data = P("data");
        var published = Path.Combine(data, "tuf", "published", "targets.json");
        var (serve, baseUrl) = await ServeWithTufAsync(data);
        try
        {
            var cache = P("cache");
            Ok(Run(cache, "trust", "init", "--mirror", baseUrl + "/tuf", "--root", P("root.json")));
            var token = Ok(Run(cache, "dev-token", "--server", baseUrl, "--email", Email)).StdOut.Trim();
            await File.WriteAllTextAsync(P("a.txt"), "signed with the trust store's services\n");

            Ok(Run(cache, "sign", P("a.txt"), "--bundle", P("a.sigstore.json"), "--identity-token", token));
            string[] verify = ["verify", P("a.txt"), "--bundle", P("a.sigstore.json"), "--certificate-identity", Email, "--certificate-oidc-issuer", baseUrl + "/oidc"];
            Ok(Run(cache, verify));

            // The operator publishes a new trusted_root.json (here: one without the CA, so the bundle can no longer verify).
            File.Copy(Path.Combine(data, "trusted_root.json"), P("old_trusted_root.json"));
            var root = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(data, "trusted_root.json")))!;
            root["certificateAuthorities"] = new JsonArray();
            var next = System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
            await File.WriteAllBytesAsync(Path.Combine(data, "trusted_root.json"), next);
            var nextHash = Convert.ToHexStringLower(SHA256.HashData(next));
            await WaitUntilAsync(() => File.ReadAllText(published).Contains(nextHash, StringComparison.Ordinal));
            // targets.json is written before the snapshot and timestamp that name it: the server's pass holds the
            // repository's lock until all are, so taking it waits for the pass to end.
            using (Signet.Tuf.Repository.TufRepository.Lock(Path.Combine(data, "tuf"), null, CancellationToken.None))
            {
            }

            // Until trust update, verify keeps using the fresh cache offline; after it, the new root is the one used.
            Ok(Run(cache, verify));
            var update = Ok(Run(cache, "trust", "update"));
            Assert.Contains("targets 2", update.StdOut, StringComparison.Ordinal);
            Assert.Equal(next, await File.ReadAllBytesAsync(Path.Combine(cache, "targets", "trusted_root.json")));
            var refused = Run(cache, verify);
            Assert.True(refused.ExitCode == 1, refused.StdErr);
            Assert.Single(refused.StdErr.Trim().Split('\n'));

            // --trusted-root bypasses TUF: the old root still verifies the bundle.
            Ok(Run(cache, [.. verify, "--trusted-root", P("old_trusted_root.json")]));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            serve.Dispose();
        }
    }

    [Fact]
    public async Task Processes_that_init_and_update_one_trust_store_at_once_all_succeed()
    {
        // Found by running ten `signet trust init` at once into one store: three failed ("invalid input: Could not find
        // file '.../metadata/.root.json.GUID.tmp'", "Directory not empty"), each clearing what another was writing.
        var (serve, baseUrl) = await ServeWithTufAsync(P("data"));
        try
        {
            var cache = P("cache");
            Ok(Run(cache, "trust", "init", "--mirror", baseUrl + "/tuf", "--root", P("root.json")));

            string[][] commands = [.. Enumerable.Range(0, 12).Select(i => i % 2 == 0
                ? new[] { "trust", "init", "--mirror", baseUrl + "/tuf", "--root", P("root.json") }
                : ["trust", "update"])];
            using var start = new ManualResetEventSlim();
            var runs = commands.Select(args =>
            {
                var done = new TaskCompletionSource<SignetProcess.Result>();
                new Thread(() =>
                {
                    start.Wait();
                    done.SetResult(Run(cache, args));
                }).Start();
                return done.Task;
            }).ToArray();
            start.Set();

            foreach (var r in await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(3)))
            {
                Ok(r);
            }

            Assert.Contains("trusted_root.json (", Ok(Run(cache, "trust", "show")).StdOut, StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            serve.Dispose();
        }
    }

    [Fact]
    public void Verify_with_no_trust_store_and_an_unreachable_mirror_is_one_line_naming_trust_init_and_trusted_root()
    {
        Ok(SignetProcess.Run(["tuf", "keygen", "--out", P("k.pem"), "--unencrypted"], _dir, null, null));
        Ok(SignetProcess.Run(["tuf", "init", "--repo", P("repo"), "--root-key", P("k.pem.pub"), "--targets-key", P("k.pem.pub"), "--online-key", P("k.pem")], _dir, null, null));
        Ok(SignetProcess.Run(["tuf", "sign", "--repo", P("repo"), "--role", "root", "--key", P("k.pem")], _dir, null, null));
        Ok(SignetProcess.Run(["tuf", "sign", "--repo", P("repo"), "--role", "targets", "--key", P("k.pem")], _dir, null, null));
        Ok(SignetProcess.Run(["tuf", "publish", "--repo", P("repo")], _dir, null, null));
        var root = P("repo/published/1.root.json");
        var dead = $"http://127.0.0.1:{LoopbackPort.Free()}/tuf";
        var cache = P("cache");
        Assert.Equal(4, Run(cache, "trust", "init", "--mirror", dead, "--root", root).ExitCode);

        File.WriteAllText(P("a.txt"), "x");
        // A well-formed bundle (a malformed one is invalid input, exit 3, before trust is looked at).
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "hostile", "bundle.sigstore.json"), P("b.json"));
        var r = Run(cache, "verify", P("a.txt"), "--bundle", P("b.json"), "--certificate-identity", Email, "--certificate-oidc-issuer", "https://issuer.example");
        Assert.Equal(4, r.ExitCode);
        var line = Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains("signet trust init", line, StringComparison.Ordinal);
        Assert.Contains("--trusted-root", line, StringComparison.Ordinal);

        var sign = Run(cache, "sign", P("a.txt"), "--bundle", P("a.sigstore.json"), "--identity-token", "x.y.z");
        Assert.Equal(4, sign.ExitCode);
        Assert.Contains("signet trust init", sign.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(P("a.sigstore.json")));

        // cosign's detached signature and certificate, looked up online without --rekor-url: the trusted root is given,
        // what is missing is the signing config naming the log, and the line says so (it named --trusted-root).
        using (var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=detached", ec, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
            File.WriteAllText(P("a.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(P("a.sig"), Convert.ToBase64String(ec.SignData("x"u8, System.Security.Cryptography.HashAlgorithmName.SHA256)));
        }

        var detached = Run(cache, "verify", P("a.txt"), "--signature", P("a.sig"), "--certificate", P("a.pem"), "--certificate-identity", Email,
            "--certificate-oidc-issuer", "https://issuer.example", "--trusted-root", Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json"));
        Assert.Equal(4, detached.ExitCode);
        var said = Assert.Single(detached.StdErr.Trim().Split('\n'));
        Assert.Contains("--rekor-url URL", said, StringComparison.Ordinal);
        Assert.Contains("--signing-config FILE", said, StringComparison.Ordinal);
        Assert.DoesNotContain("--trusted-root", said, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_store_folder_that_cannot_be_written_is_one_line_saying_what_to_set()
    {
        // A container's arbitrary user with HOME=/ met "invalid input: Access to the path '/.signet' is denied." (exit 3);
        // a path under a file fails the same way for root too.
        File.WriteAllText(P("a-file"), "");
        File.WriteAllText(P("a.txt"), "x");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "hostile", "bundle.sigstore.json"), P("b.json"));
        var r = Run(P("a-file/tuf"), "verify", P("a.txt"), "--bundle", P("b.json"), "--certificate-identity", Email, "--certificate-oidc-issuer", "https://issuer.example");

        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"signet verify: configuration: the TUF trust store {P("a-file/tuf")} cannot be written (", line, StringComparison.Ordinal);
        Assert.Contains("set SIGNET_TUF_CACHE (or HOME) to a folder this user can write, or give the trust material as files (--trusted-root", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative-home")]
    [InlineData(".")]
    public void A_home_folder_that_is_not_absolute_is_refused_and_nothing_is_written_under_the_working_directory(string home)
    {
        // Issue 14: .NET resolves ~ to "" when HOME names no existing folder, so ~/.signet/tuf became .signet/tuf under the
        // working directory (a checkout); a relative HOME did the same.
        var r = SignetProcess.Run(["trust", "show"], _dir, new Dictionary<string, string> { ["HOME"] = home, ["SIGNET_TUF_CACHE"] = "" }, null);

        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        Assert.Contains("no usable home folder", Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    private static SignetProcess.Result Ok(SignetProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}{r.StdOut}");
        return r;
    }

    /// <summary>
    /// Starts <c>signet serve</c> on <paramref name="data"/>, waits until its TUF repository publishes the trusted root and
    /// the signing config, and saves the repository's first root as <c>root.json</c> (what <c>trust init</c> starts from).
    /// </summary>
    private async Task<(Process Serve, string BaseUrl)> ServeWithTufAsync(string data)
    {
        Directory.CreateDirectory(data);
        var port = LoopbackPort.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        var serve = StartServe(data, port);
        try
        {
            await WaitForLineAsync(serve, "signet: listening on");
            var published = Path.Combine(data, "tuf", "published", "targets.json");
            await WaitUntilAsync(() => File.Exists(published) && File.ReadAllText(published).Contains("signing_config.v0.2.json", StringComparison.Ordinal));
            using var http = new HttpClient();
            await File.WriteAllBytesAsync(P("root.json"), await http.GetByteArrayAsync(new Uri(baseUrl + "/tuf/1.root.json")));
            return (serve, baseUrl);
        }
        catch
        {
            serve.Kill(entireProcessTree: true);
            serve.Dispose();
            throw;
        }
    }

    private static Process StartServe(string data, int port)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", data, "--listen", $"127.0.0.1:{port}", "--dev-oidc" })
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    private static async Task WaitForLineAsync(Process p, string prefix)
    {
        string? line;
        do
        {
            line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        while (line is not null && !line.StartsWith(prefix, StringComparison.Ordinal));

        Assert.True(line is not null, "signet serve exited before it listened");
        // Keep draining both pipes so the server never blocks on a full one.
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "timed out waiting for signet serve to publish its TUF repository");
    }

}
