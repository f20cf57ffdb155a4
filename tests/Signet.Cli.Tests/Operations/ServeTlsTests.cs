using Signet.Testing.Tls;

namespace Signet.Cli.Tests.Operations;

/// <summary><c>signet serve --tls-cert --tls-key</c> from the command line: sign and verify over https, start-up failures.</summary>
public sealed class ServeTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-tls-cli-").FullName;
    private readonly TestTlsCertificates _pki;

    public ServeTlsTests() => _pki = new TestTlsCertificates(_dir);

    [Fact]
    public async Task Sign_and_verify_against_an_https_server_whose_ca_ssl_cert_file_names()
    {
        var (_, cert, key) = _pki.IssueServer("server");
        // The CA fetches the development issuer's keys from its own https URL: the server trusts the test CA too.
        await using var served = await ServedSignet.StartAsync(new Dictionary<string, string> { ["SSL_CERT_FILE"] = _pki.CaFile }, "--dev-oidc", "--tls-cert", cert, "--tls-key", key);
        Assert.StartsWith("https://127.0.0.1:", served.Url, StringComparison.Ordinal);
        var signingConfig = Path.Combine(served.DataDirectory, "signing_config.v0.2.json");
        var config = File.ReadAllText(signingConfig);
        Assert.Contains($"\"{served.Url}/api/v1/timestamp\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", config, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", File.ReadAllText(Path.Combine(served.DataDirectory, "trusted_root.json")), StringComparison.Ordinal);

        // .NET on Linux reads the trusted CAs from SSL_CERT_FILE (as OpenSSL does): the CLI needs no flag of its own.
        var trust = new Dictionary<string, string> { ["SSL_CERT_FILE"] = _pki.CaFile, ["SIGSTORE_ID_TOKEN"] = "" };
        var untrusted = SignetProcess.Run(["dev-token", "--server", served.Url, "--email", "tls@signet.dev"], null, new Dictionary<string, string> { ["SSL_CERT_FILE"] = "/dev/null" }, null);
        Assert.NotEqual(0, untrusted.ExitCode);

        var token = SignetProcess.Run(["dev-token", "--server", served.Url, "--email", "tls@signet.dev"], null, trust, null);
        Assert.True(token.ExitCode == 0, token.StdErr);
        var artifact = Path.Combine(_dir, "a.txt");
        File.WriteAllText(artifact, "over TLS\n");
        var signed = SignetProcess.Run(["sign", artifact, "--identity-token", token.StdOut.Trim(), "--signing-config", signingConfig], null, trust, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        var verified = SignetProcess.Run(["verify", "--bundle", artifact + ".sigstore.json", "--certificate-identity", "tls@signet.dev",
            "--certificate-oidc-issuer", served.Url + "/oidc", "--trusted-root", Path.Combine(served.DataDirectory, "trusted_root.json"), artifact], null, trust, null);
        Assert.True(verified.ExitCode == 0, verified.StdErr);
    }

    [Fact]
    public void A_key_that_does_not_match_the_certificate_or_a_missing_file_fails_the_start_with_exit_5_and_one_line()
    {
        var (_, cert, _) = _pki.IssueServer("one");
        var (_, _, otherKey) = _pki.IssueServer("two");
        var data = Path.Combine(_dir, "data");
        var mismatched = SignetProcess.Run("serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--services", "log", "--tls-cert", cert, "--tls-key", otherKey);
        Assert.Equal(5, mismatched.ExitCode);
        Assert.Single(mismatched.StdErr.Trim().Split('\n'));
        Assert.Contains("--tls-cert " + cert, mismatched.StdErr, StringComparison.Ordinal);

        var missing = SignetProcess.Run("serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--services", "log", "--tls-cert", cert, "--tls-key", Path.Combine(_dir, "absent.pem"));
        Assert.Equal(5, missing.ExitCode);
        Assert.Single(missing.StdErr.Trim().Split('\n'));

        var alone = SignetProcess.Run("serve", "--data-dir", data, "--tls-cert", cert);
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--tls-cert and --tls-key go together", alone.StdErr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
