using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Signet.Server;

namespace Signet.Cli.Tests.Interop;

/// <summary>
/// A complete local Signet (CA, CT, log, TSA, dev OIDC issuer) on a loopback port the OS picks (<c>:0</c>); the server
/// binds before naming its log, so the log's origin is its host:port as sigstore-js expects of a checkpoint's key name.
/// </summary>
public sealed class LocalSigstore : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalSigstore(WebApplication app, string baseUrl, string dir)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDirectory = dir;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public string TrustedRoot => Path.Combine(DataDirectory, "trusted_root.json");

    public string SigningConfig => Path.Combine(DataDirectory, "signing_config.v0.2.json");

    public string Issuer => BaseUrl + "/oidc";

    public static async Task<LocalSigstore> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("signet-stack-").FullName;
        var options = new SignetServerOptions
        {
            DataDirectory = dir,
            Listen = "127.0.0.1:0",
            DevOidc = true,
        };
        var app = SignetServer.Build(options);
        var url = await SignetServer.StartAsync(app, CancellationToken.None);
        return new LocalSigstore(app, url.ToString().TrimEnd('/'), dir);
    }

    /// <summary>
    /// The TUF mirror this server publishes under <c>/tuf</c>, once its repository lists the current
    /// <c>trusted_root.json</c>; the first root is fetched into <paramref name="work"/> (the out-of-band step).
    /// </summary>
    public async Task<(Uri Mirror, string RootPath)> TufMirrorAsync(string work)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(TrustedRoot)));
        var targets = Path.Combine(DataDirectory, "tuf", "published", "targets.json");
        for (var i = 0; i < 300 && !(File.Exists(targets) && (await File.ReadAllTextAsync(targets)).Contains(hash, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        using var http = new HttpClient();
        var rootPath = Path.Combine(work, "tuf-root.json");
        await File.WriteAllBytesAsync(rootPath, await http.GetByteArrayAsync(new Uri(BaseUrl + "/tuf/1.root.json")));
        return (new Uri(BaseUrl + "/tuf"), rootPath);
    }

    /// <summary>A development identity token for <paramref name="email"/> (POST /oidc/token).</summary>
    public async Task<string> TokenAsync(string email)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["audience"] = "sigstore" });
        using var r = await http.PostAsync(new Uri(BaseUrl + "/oidc/token"), form);
        r.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
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
