using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Signet.Admission.Manifests;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Operations;

/// <summary>
/// <c>signet admission serve</c> takes the observability flags of the other hosts: <c>--metrics</c> serves
/// <c>/metrics</c> on its HTTPS listener, and a bad <c>--otlp-interval</c> is a usage error.
/// </summary>
public sealed class AdmissionServeMetricsTests : IDisposable
{
    private const string Policy = """
        apiVersion: policy.sigstore.dev/v1beta1
        kind: ClusterImagePolicy
        metadata:
          name: pass
        spec:
          images:
          - glob: "**"
          authorities:
          - static:
              action: pass
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("signet-admission-cli-").FullName;
    private readonly WebhookCertificates _certs = WebhookCertificates.Generate("signet-admission", "test", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));

    [Fact]
    public async Task Metrics_are_served_on_the_webhooks_https_listener()
    {
        var port = LoopbackPort.Free();

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Args("--listen", $"127.0.0.1:{port}", "--metrics"))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        try
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(line?.StartsWith("signet admission: listening on https://", StringComparison.Ordinal) == true, $"{line} {(p.HasExited ? await stderr : "")}");

            // The serving certificate names the Service (signet-admission.test.svc): trust its CA, as the caBundle does.
            var ca = X509Certificate2.CreateFromPem(_certs.CaCertificatePem);
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is not null && chain.Build(certificate);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            using var metrics = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/metrics"));
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("target_info{", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:1", "0", "--otlp-interval must be between 0.1 and 3600 seconds")]
    [InlineData("ftp://collector", "15", "--otlp-endpoint ftp://collector/ is not an http(s) URL")]
    [InlineData("not-a-url", "15", "--otlp-endpoint 'not-a-url' is not an absolute URL")]
    public void A_bad_otlp_setting_is_a_usage_error(string endpoint, string interval, string message)
    {
        var r = SignetProcess.Run(Args("--listen", "127.0.0.1:0", "--otlp-endpoint", endpoint, "--otlp-interval", interval).Skip(1).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(params string[] more)
    {
        File.WriteAllText(Path.Combine(_dir, "policy.yaml"), Policy);
        File.WriteAllText(Path.Combine(_dir, "tls.crt"), _certs.CertificatePem);
        File.WriteAllText(Path.Combine(_dir, "tls.key"), _certs.KeyPem);
        File.WriteAllText(Path.Combine(_dir, "trusted_root.json"), """{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}""");
        return [SignetProcess.ToolPath, "admission", "serve", "--policies", Path.Combine(_dir, "policy.yaml"), "--tls-cert", Path.Combine(_dir, "tls.crt"),
            "--tls-key", Path.Combine(_dir, "tls.key"), "--trusted-root", Path.Combine(_dir, "trusted_root.json"), .. more];
    }
}
