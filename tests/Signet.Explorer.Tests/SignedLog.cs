using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signet.Explorer.Tests;

/// <summary>
/// A real <c>signet serve</c> (every service, development OIDC issuer) with entries signed by Signet itself: keyless
/// with an e-mail identity and with a GitHub-workflow identity through the Rekor v2 API, keyless through the Rekor v1
/// API (hashedrekord 0.0.1) and an attestation (dsse 0.0.1), then enough key-signed v2 entries that the tree spans
/// two entry bundles and a level-1 hash tile.
/// </summary>
public sealed class SignedLog : IAsyncDisposable
{
    public const string Email = "explorer@signet.dev";
    public const string Workflow = "octo/app/.github/workflows/release.yml@refs/heads/main";
    public const string WorkflowIdentity = "https://github.com/" + Workflow;
    public const int BulkEntries = 300;

    private readonly Process _server;

    private SignedLog(Process server, Uri url, string directory)
    {
        _server = server;
        Url = url;
        Directory = directory;
    }

    public Uri Url { get; }

    public string Directory { get; }

    /// <summary>The signed entries by name: v2-email, v2-workflow, v1-hashedrekord, v1-dsse.</summary>
    public Dictionary<string, SignedEntry> Logged { get; } = new(StringComparer.Ordinal);

    /// <summary>The log's size after the bulk entries.</summary>
    public long Size { get; private set; }

    public static async Task<SignedLog> StartAsync()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("signet-explorer-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--dev-oidc" })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string? line;
        do
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        while (line is not null && !line.StartsWith("signet: listening on ", StringComparison.Ordinal));

        if (line is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("signet serve did not start");
        }

        _ = process.StandardOutput.ReadToEndAsync();
        var stack = new SignedLog(process, new Uri(line["signet: listening on ".Length..].TrimEnd('/') + "/"), dir);
        try
        {
            await stack.SignAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task SignAsync()
    {
        var config = Path.Combine(Directory, "signing_config.v0.2.json");
        var v1Config = Path.Combine(Directory, "signing_config.v1-log.json");
        var node = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        var logs = node["rekorTlogUrls"]!.AsArray();
        foreach (var v2 in logs.Where(l => l!["majorApiVersion"]!.GetValue<int>() != 1).ToList())
        {
            logs.Remove(v2);
        }

        await File.WriteAllTextAsync(v1Config, node.ToJsonString());
        var email = Token("--email", Email);
        var workflow = Token("--github-workflow", Workflow);
        Logged["v2-email"] = Sign("sign", "a.txt", "artifact signed keylessly, Rekor v2\n", email, config);
        Logged["v2-workflow"] = Sign("sign", "b.txt", "artifact signed by a workflow, Rekor v2\n", workflow, config);
        Logged["v1-hashedrekord"] = Sign("sign", "c.txt", "artifact signed keylessly, Rekor v1\n", email, v1Config);
        Logged["v1-dsse"] = Sign("attest", "c.txt", null, email, v1Config);
        Size = await AppendKeySignedAsync(BulkEntries);
    }

    private string Token(string flag, string identity)
    {
        var r = SignetProcess.Run("dev-token", "--server", Url.ToString().TrimEnd('/'), flag, identity);
        return r.ExitCode == 0 ? r.StdOut.Trim() : throw new InvalidOperationException("dev-token: " + r.StdErr);
    }

    private SignedEntry Sign(string command, string file, string? content, string token, string signingConfig)
    {
        var artifact = Path.Combine(Directory, file);
        if (content is not null)
        {
            File.WriteAllText(artifact, content);
        }

        var bundle = Path.Combine(Directory, $"{file}.{command}.sigstore.json");
        List<string> args = [command, artifact, "--bundle", bundle, "--identity-token", token, "--signing-config", signingConfig];
        if (command == "attest")
        {
            var predicate = Path.Combine(Directory, "predicate.json");
            File.WriteAllText(predicate, """{"explorer":"test"}""");
            args.AddRange(["--predicate", predicate, "--type", "https://signet.dev/explorer-test"]);
        }

        var r = SignetProcess.Run(args, Directory, new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = "" }, null);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"signet {command}: {r.StdErr}");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(bundle));
        var tlog = doc.RootElement.GetProperty("verificationMaterial").GetProperty("tlogEntries")[0];
        var index = long.Parse(tlog.GetProperty("logIndex").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var cert = Convert.FromBase64String(doc.RootElement.GetProperty("verificationMaterial").GetProperty("certificate").GetProperty("rawBytes").GetString()!);
        return new SignedEntry(index, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(artifact))), cert);
    }

    /// <summary>Appends <paramref name="count"/> hashedrekord 0.0.2 entries signed with one ECDSA key, concurrently
    /// (the log batches them), and returns the log size after them.</summary>
    private async Task<long> AppendKeySignedAsync(int count)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(2) };
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"bulk entry {i}"));
            var request = new JsonObject
            {
                ["hashedRekordRequestV002"] = new JsonObject
                {
                    ["digest"] = Convert.ToBase64String(digest),
                    ["signature"] = new JsonObject
                    {
                        ["content"] = Convert.ToBase64String(key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)),
                        ["verifier"] = new JsonObject { ["publicKey"] = new JsonObject { ["rawBytes"] = spki }, ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256" },
                    },
                },
            };
            await gate.WaitAsync();
            try
            {
                using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
                (await http.PostAsync(new Uri("api/v2/log/entries", UriKind.Relative), content)).EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));
        using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/log", UriKind.Relative)));
        return info.RootElement.GetProperty("treeSize").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>An entry Signet signed: its log index, the SHA-256 of the artifact, the signing certificate (DER).</summary>
public sealed record SignedEntry(long Index, string ArtifactSha256, byte[] Certificate);
