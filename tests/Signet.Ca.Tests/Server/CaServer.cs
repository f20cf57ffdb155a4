using System.Formats.Asn1;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Signet.Core.Ct;
using Signet.Core.Merkle;
using Signet.Log.Ct;
using Signet.Server;

namespace Signet.Ca.Tests.Server;

/// <summary>A real <c>signet serve --services ca,ct --dev-oidc</c> host on a loopback port with its own data directory.</summary>
public sealed class CaServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CaServer(WebApplication app, Uri url, string dir)
    {
        _app = app;
        BaseUrl = url.ToString().TrimEnd('/');
        DataDirectory = dir;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public string EmailIssuer => BaseUrl + "/oidc";

    public static async Task<CaServer> StartAsync(bool devOidc = true, Func<SignetServerOptions, SignetServerOptions>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("signet-ca-").FullName;
        var options = new SignetServerOptions
        {
            DataDirectory = dir,
            Listen = "127.0.0.1:0",
            Services = new HashSet<string> { "ca", "ct" },
            DevOidc = devOidc,
        };
        options = configure?.Invoke(options) ?? options;
        var app = SignetServer.Build(options);
        var url = await SignetServer.StartAsync(app, CancellationToken.None);
        return new CaServer(app, url, dir);
    }

    /// <summary>The development issuer's signing key, read from the data directory (to forge bad tokens with it).</summary>
    public ECDsa DevIssuerKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(DataDirectory, "keys", "dev-oidc.key.pem")));
        return key;
    }

    public async Task<string> EmailTokenAsync(string email)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email });
        using var r = await Http.PostAsync("/oidc/token", form);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id_token").GetString()!;
    }

    public async Task<string> WorkflowTokenAsync(string workflow)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["github_workflow"] = workflow });
        using var r = await Http.PostAsync("/oidc/token", form);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id_token").GetString()!;
    }

    /// <summary>POSTs Fulcio's JSON request with a public key and proof of possession.</summary>
    public Task<HttpResponseMessage> RequestWithKeyAsync(string token, byte[] spki, byte[] proof) =>
        PostJsonAsync(new Dictionary<string, object>
        {
            ["credentials"] = new Dictionary<string, string> { ["oidcIdentityToken"] = token },
            ["publicKeyRequest"] = new Dictionary<string, object>
            {
                ["publicKey"] = new Dictionary<string, string> { ["algorithm"] = "ECDSA", ["content"] = new string(PemEncoding.Write("PUBLIC KEY", spki)) },
                ["proofOfPossession"] = Convert.ToBase64String(proof),
            },
        });

    public Task<HttpResponseMessage> RequestWithCsrAsync(string token, string csrPem) =>
        PostJsonAsync(new Dictionary<string, object>
        {
            ["credentials"] = new Dictionary<string, string> { ["oidcIdentityToken"] = token },
            ["certificateSigningRequest"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csrPem)),
        });

    public async Task<HttpResponseMessage> PostJsonAsync(object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await Http.PostAsync("/api/v2/signingCert", content);
    }

    public async Task<ulong> CtTreeSizeAsync()
    {
        var sth = await Http.GetFromJsonAsync<JsonElement>("/ct/v1/get-sth");
        return sth.GetProperty("tree_size").GetUInt64();
    }

    /// <summary>Polls get-sth until the integrated tree holds at least <paramref name="size"/> leaves (10 s at most).</summary>
    public async Task<ulong> WaitForTreeSizeAsync(ulong size)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var current = await CtTreeSizeAsync();
            if (current >= size)
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the CT log did not reach size {size} within 10 s (size {current})");
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// The SCT is a promise to integrate (RFC 6962 §3): waits (10 s at most) until a signed tree head covers the
    /// issued certificate's precertificate leaf and returns the leaf's index.
    /// </summary>
    public Task<ulong> WaitUntilLoggedAsync(string leafPem, string issuerPem)
    {
        using var leaf = X509Certificate2.CreateFromPem(leafPem);
        using var issuer = X509Certificate2.CreateFromPem(issuerPem);
        return WaitUntilLoggedAsync(Rfc6962.HashLeaf(PrecertLeafInput(leaf, issuer)));
    }

    public async Task<ulong> WaitUntilLoggedAsync(byte[] leafHash)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var hash = Uri.EscapeDataString(Convert.ToBase64String(leafHash));
        while (true)
        {
            var size = await CtTreeSizeAsync();
            if (size > 0)
            {
                using var r = await Http.GetAsync($"/ct/v1/get-proof-by-hash?hash={hash}&tree_size={size}");
                if (r.IsSuccessStatusCode)
                {
                    return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leaf_index").GetUInt64();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "the CT log did not integrate the certificate within 10 s");
            await Task.Delay(5);
        }
    }

    /// <summary>RFC 6962 §3.4 MerkleTreeLeaf of an issued certificate, rebuilt from the final certificate and its SCT (§3.2).</summary>
    public static byte[] PrecertLeafInput(X509Certificate2 leaf, X509Certificate2 issuer)
    {
        var ext = leaf.Extensions["1.3.6.1.4.1.11129.2.4.2"]!;
        var list = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadOctetString();
        var sct = Assert.Single(SignedCertificateTimestamp.DeserializeList(list));
        var tbs = CertificateDer.Parse(leaf.RawData, "leaf").TbsWithout("1.3.6.1.4.1.11129.2.4.2");
        return CtLogEntry.PrecertEntryLeaf(sct.Timestamp, SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo()), tbs, sct.Extensions);
    }

    /// <summary>The PEM chain of a successful signingCert response (leaf first).</summary>
    public static async Task<string[]> ChainOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("signedCertificateEmbeddedSct").GetProperty("chain").GetProperty("certificates")
            .EnumerateArray().Select(c => c.GetString()!).ToArray();
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
