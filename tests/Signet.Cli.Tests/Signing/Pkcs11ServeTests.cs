using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Bundles;
using Signet.Testing.Keys;

namespace Signet.Cli.Tests.Signing;

/// <summary>
/// <c>signet serve</c> with its keys in a fresh SoftHSM2 token (<c>--ca-key</c>, <c>--ct-key</c>, <c>--tsa-key</c>,
/// <c>--log-key</c>, <c>--tuf-online-key</c> as pkcs11: URIs), then a keyless signing against it that verifies with the
/// trust material it published; a wrong PIN, a missing object or a missing module stops the start with one line, exit 5;
/// a token that goes away under the running server is a 503 problem, not a 500.
/// </summary>
[Collection("interop")]
public sealed class Pkcs11ServeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-pkcs11-serve-").FullName;

    [Fact]
    public async Task Serve_with_every_key_in_the_token_signs_keyless_and_the_bundle_verifies()
    {
        var token = SoftHsmToken.Create();
        var pub = new Dictionary<string, string>();
        foreach (var name in new[] { "ca", "ct", "tsa", "log", "tuf" })
        {
            var gen = Run("generate-key-pair", "--pkcs11", token.Uri(name), "--output-key-prefix", Path.Combine(_work, name));
            Assert.True(gen.ExitCode == 0, gen.StdErr);
            pub[name] = File.ReadAllText(Path.Combine(_work, name + ".pub"));
        }

        var chain = Path.Combine(_work, "ca-chain.pem");
        File.WriteAllText(chain, CaChainFor(pub["ca"]));
        var dir = Path.Combine(_work, "data");
        var server = Start(dir, "--dev-oidc", "--ca-cert", chain, "--ca-key", token.Uri("ca"), "--ct-key", token.Uri("ct"), "--tsa-key", token.Uri("tsa"),
            "--log-key", token.Uri("log"), "--tuf-online-key", token.Uri("tuf"));
        try
        {
            var url = await ListeningUrlAsync(server);

            // The published trust names the token's keys.
            var root = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(dir, "trusted_root.json")));
            Assert.Contains(root.Tlogs, t => Spki(pub["log"]).AsSpan().SequenceEqual(t.PublicKey.RawBytes));
            Assert.Equal(Spki(pub["ct"]), root.Ctlogs.Single().PublicKey.RawBytes);
            using (var tsaLeaf = X509CertificateLoader.LoadCertificate(root.TimestampAuthorities.Single().CertChain[0]))
            {
                Assert.Equal(Spki(pub["tsa"]), tsaLeaf.PublicKey.ExportSubjectPublicKeyInfo());
            }

            using (var issuing = X509CertificateLoader.LoadCertificate(root.CertificateAuthorities.Single().CertChain[0]))
            {
                Assert.Equal(Spki(pub["ca"]), issuing.PublicKey.ExportSubjectPublicKeyInfo());
            }

            // The development TUF repository (made once the trusted root is written) lists the token's online key.
            var published = Path.Combine(dir, "tuf", "published");
            for (var i = 0; i < 300 && !(Directory.Exists(published) && Directory.GetFiles(published, "*root.json").Length > 0); i++)
            {
                await Task.Delay(100);
            }

            // Read as JSON: the writer escapes '+' in the PEM's base64 (\u002B), so the raw text is not comparable.
            using var tufRoot = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Directory.GetFiles(published, "*root.json")[0]));
            var tufKeys = tufRoot.RootElement.GetProperty("signed").GetProperty("keys").EnumerateObject()
                .Select(k => k.Value.GetProperty("keyval").GetProperty("public").GetString()!.Replace("\n", "", StringComparison.Ordinal)).ToList();
            Assert.Contains(tufKeys, k => k.Contains(Base64Body(pub["tuf"]), StringComparison.Ordinal));

            // Keyless signing against it: certificate from the token CA with an SCT from the token CT key, SET from the token log key, timestamp from the token TSA.
            var idToken = Run("dev-token", "--server", url, "--email", "hsm@signet.dev");
            Assert.True(idToken.ExitCode == 0, idToken.StdErr);
            var artifact = Path.Combine(_work, "a.txt");
            File.WriteAllText(artifact, "signed with keys in a token\n");
            var signed = Run("sign", artifact, "--identity-token", idToken.StdOut.Trim(), "--signing-config", Path.Combine(dir, "signing_config.v0.2.json"));
            Assert.True(signed.ExitCode == 0, signed.StdErr);
            var verified = Run("verify", "--bundle", artifact + ".sigstore.json", "--certificate-identity", "hsm@signet.dev",
                "--certificate-oidc-issuer", url + "/oidc", "--trusted-root", Path.Combine(dir, "trusted_root.json"), artifact);
            Assert.True(verified.ExitCode == 0, verified.StdErr);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }
    }

    [Fact]
    public void A_key_that_does_not_open_stops_the_start_with_one_line_exit_5()
    {
        var token = SoftHsmToken.Create();
        Assert.Equal(0, Run("generate-key-pair", "--pkcs11", token.Uri("tsa"), "--output-key-prefix", Path.Combine(_work, "tsa")).ExitCode);
        var dir = Path.Combine(_work, "data");
        AssertStartFails(Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "tsa", "--tsa-key", token.Uri("tsa", "0000")), "--tsa-key: PKCS#11", "the PIN is wrong");
        AssertStartFails(Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "log", "--log-key", token.Uri("nothing")), "--log-key: PKCS#11", "no private key");
        AssertStartFails(Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "tuf", "--tuf-online-key", "pkcs11:object=k?module-path=/nonexistent/lib.so&pin-value=1"), "--tuf-online-key: PKCS#11", "no such file");
        AssertStartFails(Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "ca", "--ct-key", token.Uri("tsa", "0000")), "--ct-key: PKCS#11", "the PIN is wrong");
        var p384 = Path.Combine(_work, "ct-p384.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP384))
        {
            File.WriteAllText(p384, key.ExportPkcs8PrivateKeyPem());
        }

        AssertStartFails(Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "ca", "--ct-key", p384), "--ct-key", "the CT log key must be ECDSA P-256");
    }

    [Fact]
    public async Task A_token_deleted_under_a_running_server_is_a_503_problem_and_the_server_keeps_serving()
    {
        var token = SoftHsmToken.Create();
        Assert.Equal(0, Run("generate-key-pair", "--pkcs11", token.Uri("tsa"), "--output-key-prefix", Path.Combine(_work, "tsa")).ExitCode);
        var server = Start(Path.Combine(_work, "data"), "--services", "tsa", "--tsa-key", token.Uri("tsa"));
        try
        {
            var url = await ListeningUrlAsync(server);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var request = System.Security.Cryptography.Pkcs.Rfc3161TimestampRequest.CreateFromHash(new byte[32], HashAlgorithmName.SHA256, requestSignerCertificates: true).Encode();
            async Task<HttpResponseMessage> TimestampAsync()
            {
                using var content = new ByteArrayContent(request);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/timestamp-query");
                return await http.PostAsync(url + "/api/v1/timestamp", content);
            }

            using (var before = await TimestampAsync())
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, before.StatusCode);
            }

            // The token's files go away under the running server (its session stays; C_SignInit: CKR_OBJECT_HANDLE_INVALID).
            token.Delete();
            using (var after = await TimestampAsync())
            {
                var body = await after.Content.ReadAsStringAsync();
                Assert.True(after.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"{(int)after.StatusCode}: {body}");
                Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
                Assert.Equal(TimeSpan.FromSeconds(30), after.Headers.RetryAfter?.Delta);
                Assert.Contains("the token did not sign", body, StringComparison.Ordinal);
                Assert.DoesNotContain(SoftHsmToken.Pin, body, StringComparison.Ordinal);
            }

            using var health = await http.GetAsync(url + "/healthz");
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            Assert.False(server.HasExited);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static SignetProcess.Result Run(params string[] args) => SignetProcess.Run(args, null, SoftHsmToken.Environment, null);

    private static void AssertStartFails(SignetProcess.Result r, string option, string why)
    {
        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
    }

    private static Process Start(string dir, params string[] options)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", dir, "--listen", "127.0.0.1:0" }.Concat(options))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in SoftHsmToken.Environment)
        {
            psi.Environment[k] = v;
        }

        return Process.Start(psi)!;
    }

    private static async Task<string> ListeningUrlAsync(Process p)
    {
        var stderr = p.StandardError.ReadToEndAsync();
        string? line;
        do
        {
            line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
            Assert.True(line is not null, "serve ended: " + (p.HasExited ? await stderr : ""));
        }
        while (!line.StartsWith("signet: listening on ", StringComparison.Ordinal));

        _ = p.StandardOutput.ReadToEndAsync();
        return line["signet: listening on ".Length..];
    }

    /// <summary>A root (software key, discarded) and an issuing CA certificate for the token's public key, PEM, issuing first.</summary>
    private static string CaChainFor(string issuingPublicPem)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=HSM test root, O=Signet", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));

        using var issuingPublic = ECDsa.Create();
        issuingPublic.ImportFromPem(issuingPublicPem);
        var request = new CertificateRequest("CN=HSM test intermediate, O=Signet", issuingPublic, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var issuing = request.Create(root, now.AddMinutes(-30), now.AddMonths(6), [0x41, 0x02, 0x03, 0x04]);
        return issuing.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n";
    }

    private static byte[] Spki(string pem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key.ExportSubjectPublicKeyInfo();
    }

    private static string Base64Body(string pem) =>
        string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
}
