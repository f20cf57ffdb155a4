using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Signet.Server.Tests;

/// <summary>A real Signet server on a loopback port with its own temporary data directory.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri url, string dataDirectory)
    {
        _app = app;
        BaseUrl = url;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    /// <summary>The TLS certificate the server presents now (null without TLS).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate =>
        _app.Services.GetService<Signet.Hosting.Tls.ServerCertificate>()?.Certificate;

    public static async Task<TestServer> StartAsync(Func<SignetServerOptions, SignetServerOptions>? adjust = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("signet-server-").FullName;
        var options = new SignetServerOptions { DataDirectory = dir, Listen = "127.0.0.1:0" };
        options = adjust?.Invoke(options) ?? options;
        var app = SignetServer.Build(options, configure);
        var url = await SignetServer.StartAsync(app, CancellationToken.None);
        return new TestServer(app, url, dir);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
