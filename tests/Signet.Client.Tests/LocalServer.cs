using Microsoft.AspNetCore.Builder;
using Signet.Server;

namespace Signet.Client.Tests;

/// <summary>A real <c>signet serve</c> composition on a loopback port with its own data directory.</summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalServer(WebApplication app, Uri url, string dir)
    {
        _app = app;
        BaseUrl = url;
        DataDirectory = dir;
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    public static async Task<LocalServer> StartAsync(params string[] services)
    {
        var dir = Directory.CreateTempSubdirectory("signet-client-").FullName;
        var options = new SignetServerOptions
        {
            DataDirectory = dir,
            Listen = "127.0.0.1:0",
            Services = new HashSet<string>(services.Length > 0 ? services : SignetServerOptions.KnownServices, StringComparer.Ordinal),
        };
        var app = SignetServer.Build(options);
        var url = await SignetServer.StartAsync(app, CancellationToken.None);
        return new LocalServer(app, url, dir);
    }

    public async ValueTask DisposeAsync()
    {
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
