using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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

    public static Task<LocalServer> StartAsync(params string[] services) => StartAsync(devOidc: false, time: null, services);

    /// <summary>Starts the services, with the development OIDC issuer when asked, on <paramref name="time"/>'s clock.</summary>
    public static async Task<LocalServer> StartAsync(bool devOidc, TimeProvider? time, params string[] services)
    {
        var dir = Directory.CreateTempSubdirectory("signet-client-").FullName;
        var options = new SignetServerOptions
        {
            DataDirectory = dir,
            Listen = "127.0.0.1:0",
            Services = new HashSet<string>(services.Length > 0 ? services : SignetServerOptions.KnownServices, StringComparer.Ordinal),
            DevOidc = devOidc,
        };
        var app = SignetServer.Build(options, b =>
        {
            if (time is not null)
            {
                b.Services.AddSingleton(time);
            }
        });
        var url = await SignetServer.StartAsync(app, CancellationToken.None);
        return new LocalServer(app, url, dir);
    }

    /// <summary>
    /// Every service and the development OIDC issuer on a free port fixed before start, with the public URL set to it:
    /// the log's checkpoint origin then names the URL the trusted root lists, so inclusion proofs verify.
    /// </summary>
    public static async Task<LocalServer> StartWithDevOidcAsync()
    {
        var dir = Directory.CreateTempSubdirectory("signet-client-").FullName;
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var app = SignetServer.Build(new SignetServerOptions
        {
            DataDirectory = dir,
            Listen = $"127.0.0.1:{port}",
            PublicUrl = $"http://127.0.0.1:{port}",
            DevOidc = true,
        });
        var url = await SignetServer.StartAsync(app, CancellationToken.None);
        return new LocalServer(app, url, dir);
    }

    /// <summary>The development issuer's URL (tokens name it as <c>iss</c>).</summary>
    public string Issuer => BaseUrl.ToString().TrimEnd('/') + "/oidc";

    /// <summary>A development identity token for <paramref name="email"/> (POST /oidc/token; needs <see cref="StartWithDevOidcAsync"/>).</summary>
    public async Task<string> TokenAsync(string email)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["audience"] = "sigstore" });
        using var r = await http.PostAsync(new Uri(Issuer + "/token"), form);
        r.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id_token").GetString()!;
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
