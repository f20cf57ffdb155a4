using System.Diagnostics;
using System.Net;

namespace Signet.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_answers_healthz_on_the_printed_url()
    {
        var dir = Directory.CreateTempSubdirectory("signet-serve-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "log" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        try
        {
            var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.StartsWith("signet: listening on http://127.0.0.1:", line);
            using var http = new HttpClient { BaseAddress = new Uri(line["signet: listening on ".Length..]) };
            var r = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_on_port_0_names_its_log_after_the_bound_port_and_signs_and_verifies()
    {
        var dir = Directory.CreateTempSubdirectory("signet-serve0-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--dev-oidc" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        try
        {
            _ = p.StandardError.ReadToEndAsync();
            string? line;
            do
            {
                // The development issuer's warning line may come first.
                line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.NotNull(line);
            }
            while (!line.StartsWith("signet: listening on ", StringComparison.Ordinal));

            _ = p.StandardOutput.ReadToEndAsync();
            var url = line["signet: listening on ".Length..];
            var authority = new Uri(url).Authority;
            Assert.NotEqual(0, new Uri(url).Port);

            // The log is named after the bound host:port, and the trust material lists the same URL.
            Assert.Equal(authority, File.ReadAllText(Path.Combine(dir, "log", "origin")).Trim());
            var root = Signet.Core.Bundles.TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(dir, "trusted_root.json")));
            // Two log identities on one URL: Rekor v1 (ECDSA P-256) and Rekor v2 (Ed25519), see Signet.Log.Rekor RekorV1Key.
            Assert.Equal(["PKIX_ECDSA_P256_SHA_256", "PKIX_ED25519"], root.Tlogs.Select(t => t.PublicKey.KeyDetails).Order());
            Assert.All(root.Tlogs, t => Assert.Equal(url, t.BaseUrl));
            using var http = new HttpClient();
            var checkpoint = await http.GetStringAsync(new Uri(url + "/api/v2/checkpoint"));
            Assert.StartsWith(authority + "\n", checkpoint, StringComparison.Ordinal);

            // Sign (verified by Signet before writing) and verify against this server.
            var token = SignetProcess.Run("dev-token", "--server", url, "--email", "port0@signet.dev");
            Assert.True(token.ExitCode == 0, token.StdErr);
            var artifact = Path.Combine(dir, "a.txt");
            File.WriteAllText(artifact, "port 0\n");
            var signed = SignetProcess.Run(["sign", artifact, "--identity-token", token.StdOut.Trim(), "--signing-config", Path.Combine(dir, "signing_config.v0.2.json")], null,
                new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = "" }, null);
            Assert.True(signed.ExitCode == 0, signed.StdErr);
            var verified = SignetProcess.Run("verify", "--bundle", artifact + ".sigstore.json", "--certificate-identity", "port0@signet.dev",
                "--certificate-oidc-issuer", url + "/oidc", "--trusted-root", Path.Combine(dir, "trusted_root.json"), artifact);
            Assert.True(verified.ExitCode == 0, verified.StdErr);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Serve_rejects_an_unknown_service()
    {
        var r = SignetProcess.Run("serve", "--data-dir", Path.GetTempPath(), "--services", "log,bogus");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bogus", r.StdErr);
    }

    [Fact]
    public void Serve_rejects_ca_flags_that_do_not_go_together_and_an_unknown_ca_key_algorithm()
    {
        var certOnly = SignetProcess.Run("serve", "--data-dir", Path.GetTempPath(), "--ca-cert", "chain.pem");
        Assert.Equal(2, certOnly.ExitCode);
        Assert.Contains("--ca-cert and --ca-key go together", certOnly.StdErr);

        var passwordOnly = SignetProcess.Run("serve", "--data-dir", Path.GetTempPath(), "--ca-key-password-file", "pw");
        Assert.Equal(2, passwordOnly.ExitCode);

        var rsa = SignetProcess.Run("serve", "--data-dir", Path.GetTempPath(), "--ca-key-algorithm", "rsa-2048");
        Assert.Equal(2, rsa.ExitCode);
        Assert.Contains("ecdsa-p256", rsa.StdErr);
    }

    [Fact]
    public void Serve_with_a_ca_key_that_is_not_a_key_exits_3_with_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("signet-serve-ca-").FullName;
        try
        {
            var chain = Path.Combine(dir, "chain.pem");
            var key = Path.Combine(dir, "key.pem");
            File.WriteAllText(chain, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
            File.WriteAllText(key, "not a key");
            var r = SignetProcess.Run("serve", "--data-dir", Path.Combine(dir, "data"), "--listen", "127.0.0.1:0", "--services", "ca,ct", "--ca-cert", chain, "--ca-key", key);
            Assert.Equal(3, r.ExitCode);
            Assert.StartsWith("signet serve: invalid input: --ca-cert certificate 0", r.StdErr.Trim());
            Assert.Single(r.StdErr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
