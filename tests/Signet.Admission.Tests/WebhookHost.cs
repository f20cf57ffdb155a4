using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission.Hosting;
using Signet.Admission.Manifests;
using Signet.Admission.Policies;
using Signet.Admission.Verification;
using Signet.Core.Verification;
using Signet.Hosting;
using Signet.Hosting.Observability;

namespace Signet.Admission.Tests;

/// <summary>
/// A running webhook (signet admission serve's composition) on a loopback port with a generated serving certificate,
/// and an HTTPS client that trusts it exactly as the API server does: the caBundle as the only root, and the
/// Service's DNS name (<c>signet-admission.test.svc</c>) as the name the certificate must carry.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string ServiceHost = "signet-admission.test.svc";

    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, Uri url, string dir, HttpClient client)
    {
        _app = app;
        Url = url;
        Directory = dir;
        Client = client;
    }

    public Uri Url { get; }

    /// <summary>The policy directory (what a ConfigMap volume would be).</summary>
    public string Directory { get; }

    public HttpClient Client { get; }

    public ResultCache Cache => _app.Services.GetRequiredService<ResultCache>();

    public PolicyWatcher Policies => _app.Services.GetRequiredService<PolicyWatcher>();

    public static async Task<WebhookHost> StartAsync(ITrustedMaterial? trust, string policyYaml, NoMatchAction noMatch = NoMatchAction.Deny,
        TimeSpan? cacheTtl = null, bool metrics = false, TrustSource? trustSource = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("signet-admission-").FullName;
        var policies = Path.Combine(dir, "policies");
        System.IO.Directory.CreateDirectory(policies);
        if (policyYaml.Length > 0)
        {
            await File.WriteAllTextAsync(Path.Combine(policies, "policy.yaml"), policyYaml);
        }

        var certs = WebhookCertificates.Generate("signet-admission", "test", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
        await File.WriteAllTextAsync(Path.Combine(dir, "tls.crt"), certs.CertificatePem);
        await File.WriteAllTextAsync(Path.Combine(dir, "tls.key"), certs.KeyPem);
        var app = AdmissionServer.Build(new AdmissionServerOptions
        {
            Policies = policies,
            TlsCertificate = Path.Combine(dir, "tls.crt"),
            TlsKey = Path.Combine(dir, "tls.key"),
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Trust = trust,
            TrustSource = trustSource,
            NoMatch = noMatch,
            CacheTtl = cacheTtl ?? TimeSpan.FromMinutes(5),
            PolicyPoll = TimeSpan.FromMilliseconds(200),
            Observability = new ObservabilityOptions { PrometheusMetrics = metrics },
        });
        var url = await KestrelHost.StartAsync(app, CancellationToken.None);
        var ca = X509Certificate2.CreateFromPem(certs.CaCertificatePem);
        // The API server calls https://NAME.NS.svc:PORT/; the name resolves here to the loopback port.
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, url.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return new WebhookHost(app, url, dir, new HttpClient(handler) { BaseAddress = new Uri($"https://{ServiceHost}:{url.Port}/") });
    }

    /// <summary>What <c>GET /healthz</c> says.</summary>
    public Task<string> HealthAsync() => Client.GetStringAsync(new Uri("/healthz", UriKind.Relative));

    /// <summary>POSTs <paramref name="review"/> to <paramref name="path"/> as the API server does (application/json, <c>?timeout=10s</c>).</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string review, string timeout = "10s", string contentType = "application/json")
    {
        using var content = new StringContent(review, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await Client.PostAsync(new Uri($"{path}?timeout={timeout}", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The review's <c>response</c> from <c>/validate</c> (or <c>/mutate</c>), which must answer 200.</summary>
    public async Task<System.Text.Json.JsonElement> ReviewAsync(string review, bool mutate = false)
    {
        var (status, body) = await PostAsync(mutate ? "/mutate" : "/validate", review);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
        return Reviews.Response(body);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
