using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Signet.Core.Bundles;

namespace Signet.Cli.Tests.Rotation;

/// <summary>
/// <c>signet serve</c> on one data directory and one port across restarts (the log's name and the TUF mirror's URL stay
/// the same), with the CLI run against it: keyless signing with the development issuer, over Rekor v1 or v2.
/// </summary>
internal sealed class RotatingServer : IAsyncDisposable
{
    public const string Email = "rotation@signet.dev";
    private readonly string _work;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private Process? _process;

    public RotatingServer(string work, IReadOnlyDictionary<string, string>? environment = null)
    {
        _work = work;
        _environment = environment;
        Data = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}";
    }

    public string Data { get; }

    public string Url { get; }

    public string TrustedRootPath => Path.Combine(Data, "trusted_root.json");

    public TrustedRoot TrustedRoot => TrustedRoot.Parse(File.ReadAllBytes(TrustedRootPath));

    /// <summary>Starts <c>signet serve --dev-oidc ARGS</c> and waits until it listens and its TUF repository serves the trust it wrote.</summary>
    public async Task StartAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", Data, "--listen", Url["http://".Length..], "--dev-oidc" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in _environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        _process = Process.Start(psi)!;
        var stderr = _process.StandardError.ReadToEndAsync();
        string? line;
        do
        {
            line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        while (line is not null && !line.StartsWith("signet: listening on", StringComparison.Ordinal));

        if (line is null)
        {
            Assert.Fail("signet serve exited before it listened: " + await stderr);
        }
        _ = _process.StandardOutput.ReadToEndAsync();

        // The TUF repository republishes trusted_root.json once the server wrote it.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(TrustedRootPath)));
        var targets = Path.Combine(Data, "tuf", "published", "targets.json");
        for (var i = 0; i < 600 && !(File.Exists(targets) && File.ReadAllText(targets).Contains(hash, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(File.ReadAllText(targets).Contains(hash, StringComparison.Ordinal), "the TUF repository did not publish the trusted root");
    }

    public async Task StopAsync()
    {
        if (_process is { } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
            _process = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public SignetProcess.Result Run(params string[] args) => SignetProcess.Run(args, _work, _environment, null);

    public SignetProcess.Result Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"signet {string.Join(' ', args)}: exit {r.ExitCode}\n{r.StdErr}{r.StdOut}");
        return r;
    }

    /// <summary>Signs a new artifact keylessly; <paramref name="rekorVersion"/> picks the log API of the signing config used.</summary>
    /// <returns>The artifact's path (the bundle is beside it, <c>.sigstore.json</c>).</returns>
    public string Sign(string name, int rekorVersion)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Data, "signing_config.v0.2.json")))!;
        var logs = config["rekorTlogUrls"]!.AsArray();
        foreach (var other in logs.Where(l => (int)l!["majorApiVersion"]! != rekorVersion).ToList())
        {
            logs.Remove(other);
        }

        var configPath = Path.Combine(_work, $"{name}.signing_config.json");
        File.WriteAllText(configPath, config.ToJsonString());
        var artifact = Path.Combine(_work, name + ".txt");
        File.WriteAllText(artifact, $"{name}: signed over Rekor v{rekorVersion}\n");
        var token = Ok("dev-token", "--server", Url, "--email", Email).StdOut.Trim();
        Ok("sign", artifact, "--identity-token", token, "--signing-config", configPath, "--trusted-root", TrustedRootPath);
        return artifact;
    }

    /// <summary>Verifies <paramref name="artifact"/>'s signature and certificate without its bundle — cosign's detached
    /// form, the signature (base64) and the certificate (PEM) side by side — the log entry looked up online in the v1 API.</summary>
    public SignetProcess.Result VerifyOnline(string artifact)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(artifact + ".sigstore.json"))!;
        File.WriteAllText(artifact + ".sig", bundle["messageSignature"]!["signature"]!.GetValue<string>());
        var der = Convert.FromBase64String(bundle["verificationMaterial"]!["certificate"]!["rawBytes"]!.GetValue<string>());
        File.WriteAllText(artifact + ".pem", Signet.Core.Encoding.Pem.Encode("CERTIFICATE", der));
        return Run("verify", artifact, "--signature", artifact + ".sig", "--certificate", artifact + ".pem", "--rekor-url", Url,
            "--certificate-identity", Email, "--certificate-oidc-issuer", Url + "/oidc", "--trusted-root", TrustedRootPath);
    }

    /// <summary>The log ID (hex) of <paramref name="artifact"/>'s Rekor v1 entry: in its bundle, and as the v1 API serves it now.</summary>
    public async Task<(string InBundle, string Served)> V1LogIdsAsync(string artifact)
    {
        var entry = JsonNode.Parse(File.ReadAllText(artifact + ".sigstore.json"))!["verificationMaterial"]!["tlogEntries"]![0]!;
        var index = entry["logIndex"]!.GetValue<string>();
        using var http = new HttpClient();
        var served = JsonNode.Parse(await http.GetStringAsync(new Uri($"{Url}/api/v1/log/entries?logIndex={index}")))!.AsObject().Single().Value!;
        return (Convert.ToHexStringLower(Convert.FromBase64String(entry["logId"]!["keyId"]!.GetValue<string>())), served["logID"]!.GetValue<string>());
    }

    /// <summary>Verifies <paramref name="artifact"/>'s bundle (or <paramref name="bundle"/>) against <paramref name="trustedRoot"/>, or through TUF when null.</summary>
    public SignetProcess.Result Verify(string artifact, string? trustedRoot, string? bundle = null, string? tufCache = null)
    {
        List<string> args = ["verify", artifact, "--bundle", bundle ?? artifact + ".sigstore.json", "--certificate-identity", Email, "--certificate-oidc-issuer", Url + "/oidc"];
        if (trustedRoot is not null)
        {
            args.AddRange(["--trusted-root", trustedRoot]);
        }

        return tufCache is null ? Run([.. args]) : SignetProcess.Run([.. args], _work, new Dictionary<string, string> { ["SIGNET_TUF_CACHE"] = tufCache }, null);
    }
}
