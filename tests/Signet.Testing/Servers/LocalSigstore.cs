using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Signet.Core.Bundles;
using Signet.Server;

namespace Signet.Testing.Servers;

/// <summary>
/// A real <c>signet serve</c> composition in process on a loopback port, with its own data directory: the CA with its
/// CT log, the transparency log, the TSA, the TUF repository and (by default) the development OIDC issuer. The one
/// "start a local Signet" of the integration tests: base URL, dev OIDC tokens, trusted root and signing config.
/// </summary>
public sealed class LocalSigstore : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalSigstore(WebApplication app, Uri baseUrl, string dir)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDirectory = dir;
    }

    /// <summary>The server's URL, with a trailing slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server's URL without a trailing slash, to append paths to.</summary>
    public string Url => BaseUrl.ToString().TrimEnd('/');

    /// <summary>The server's data directory (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The path of the <c>trusted_root.json</c> the server wrote.</summary>
    public string TrustedRootPath => Path.Combine(DataDirectory, "trusted_root.json");

    /// <summary>The path of the <c>signing_config.v0.2.json</c> the server wrote.</summary>
    public string SigningConfigPath => Path.Combine(DataDirectory, "signing_config.v0.2.json");

    /// <summary>The trusted root the server publishes.</summary>
    public TrustedRoot TrustedRoot => TrustedRoot.Parse(File.ReadAllBytes(TrustedRootPath));

    /// <summary>The signing config the server publishes.</summary>
    public SigningConfig SigningConfig => SigningConfig.Parse(File.ReadAllBytes(SigningConfigPath));

    /// <summary>The development issuer's URL (tokens name it as <c>iss</c>).</summary>
    public string Issuer => Url + "/oidc";

    /// <summary>Every service and the development OIDC issuer.</summary>
    public static Task<LocalSigstore> StartAsync() => StartAsync(new LocalSigstoreOptions());

    /// <summary>Only <paramref name="services"/>, without the development OIDC issuer.</summary>
    public static Task<LocalSigstore> StartServicesAsync(params string[] services) =>
        StartAsync(new LocalSigstoreOptions { Services = services.Length > 0 ? services : null, DevOidc = false });

    /// <summary>Starts what <paramref name="options"/> says.</summary>
    public static async Task<LocalSigstore> StartAsync(LocalSigstoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = Directory.CreateTempSubdirectory("signet-local-").FullName;
        var listen = "127.0.0.1:0";
        string? publicUrl = null;
        if (options.PinPublicUrl)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            listen = $"127.0.0.1:{port}";
            publicUrl = $"http://127.0.0.1:{port}";
        }

        var serverOptions = new SignetServerOptions
        {
            DataDirectory = dir,
            Listen = listen,
            PublicUrl = publicUrl,
            Services = new HashSet<string>(options.Services ?? SignetServerOptions.KnownServices, StringComparer.Ordinal),
            DevOidc = options.DevOidc,
        };
        var app = SignetServer.Build(serverOptions, b =>
        {
            if (options.Time is { } time)
            {
                b.Services.AddSingleton(time);
            }
        });
        var url = await SignetServer.StartAsync(app, CancellationToken.None).ConfigureAwait(false);
        return new LocalSigstore(app, url, dir);
    }

    /// <summary>A development identity token for <paramref name="email"/> (POST /oidc/token; needs <see cref="LocalSigstoreOptions.DevOidc"/>).</summary>
    public async Task<string> TokenAsync(string email)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["audience"] = "sigstore" });
        using var r = await http.PostAsync(new Uri(Issuer + "/token"), form).ConfigureAwait(false);
        r.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync().ConfigureAwait(false));
        return doc.RootElement.GetProperty("id_token").GetString()!;
    }

    /// <summary>
    /// The TUF mirror this server publishes under <c>/tuf</c>, once its repository lists the current
    /// <c>trusted_root.json</c>; the first root is fetched into <paramref name="work"/> (the out-of-band step).
    /// </summary>
    public async Task<(Uri Mirror, string RootPath)> TufMirrorAsync(string work)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(TrustedRootPath).ConfigureAwait(false)));
        var targets = Path.Combine(DataDirectory, "tuf", "published", "targets.json");
        for (var i = 0; i < 300 && !(File.Exists(targets) && (await File.ReadAllTextAsync(targets).ConfigureAwait(false)).Contains(hash, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        using var http = new HttpClient();
        var rootPath = Path.Combine(work, "tuf-root.json");
        await File.WriteAllBytesAsync(rootPath, await http.GetByteArrayAsync(new Uri(Url + "/tuf/1.root.json")).ConfigureAwait(false)).ConfigureAwait(false);
        return (new Uri(Url + "/tuf"), rootPath);
    }

    /// <summary>Stops the server and deletes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
