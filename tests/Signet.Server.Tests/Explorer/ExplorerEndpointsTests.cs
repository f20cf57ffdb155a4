using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Signet.Core.Bundles;
using Signet.Server.Explorer;

namespace Signet.Server.Tests.Explorer;

/// <summary>What <c>/explorer/</c> serves: the shell with its base and configuration, the embedded files with their
/// encodings and cache validators, and problem+json for anything else.</summary>
public sealed partial class ExplorerEndpointsTests
{
    [Fact]
    public async Task The_shell_names_its_base_and_embeds_the_log_origin_tree_id_and_trusted_root()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" } });
        var root = await server.Http.GetAsync(new Uri("/explorer/", UriKind.Relative));
        var deep = await server.Http.GetAsync(new Uri("/explorer/entry/12345", UriKind.Relative));
        var search = await server.Http.GetAsync(new Uri("/explorer/?q=sha256%3Aab", UriKind.Relative));
        foreach (var r in new[] { root, deep, search })
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ExplorerEndpoints.ContentSecurityPolicy, r.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        }

        var html = await root.Content.ReadAsStringAsync();
        Assert.Contains("<base href=\"./\">", html);
        Assert.Contains("<base href=\"../\">", await deep.Content.ReadAsStringAsync());
        Assert.DoesNotContain("{{", html);

        using var config = JsonDocument.Parse(ConfigBlock().Match(html).Groups[1].Value);
        var origin = File.ReadAllText(Path.Combine(server.DataDirectory, "log", "origin")).Trim();
        Assert.Equal(origin, config.RootElement.GetProperty("origin").GetString());
        Assert.Matches("^[0-9]+$", config.RootElement.GetProperty("treeId").GetString()!);
        var served = TrustedRoot.Parse(JsonSerializer.SerializeToUtf8Bytes(config.RootElement.GetProperty("trustedRoot")));
        var written = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(server.DataDirectory, "trusted_root.json")));
        Assert.Equal(written.Tlogs.Select(t => Convert.ToHexString(t.PublicKey.RawBytes)).Order(), served.Tlogs.Select(t => Convert.ToHexString(t.PublicKey.RawBytes)).Order());
        Assert.Equal(2, served.Tlogs.Count);
    }

    [Fact]
    public async Task The_bare_root_redirects_into_the_explorer_keeping_the_query()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" } });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseUrl };
        var r = await http.GetAsync(new Uri("/explorer?q=7", UriKind.Relative));
        Assert.Equal(HttpStatusCode.PermanentRedirect, r.StatusCode);
        Assert.Equal("explorer/?q=7", r.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Files_are_served_with_their_type_a_validator_and_the_encodings_the_client_accepts()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" } });
        var plain = await server.Http.GetAsync(new Uri("/explorer/assets/js/app.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("text/javascript", plain.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", (await server.Http.GetAsync(new Uri("/explorer/assets/app.css", UriKind.Relative))).Content.Headers.ContentType?.MediaType);
        var body = await plain.Content.ReadAsByteArrayAsync();
        var etag = plain.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/explorer/assets/js/app.js");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(conditional)).StatusCode);

        foreach (var (coding, decode) in new (string, Func<Stream, Stream>)[]
        {
            ("br", s => new BrotliStream(s, CompressionMode.Decompress)),
            ("gzip", s => new GZipStream(s, CompressionMode.Decompress)),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/explorer/assets/js/app.js");
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
            var r = await server.Http.SendAsync(request);
            Assert.Equal(coding, r.Content.Headers.ContentEncoding.Single());
            using var decoded = new MemoryStream();
            await using (var d = decode(await r.Content.ReadAsStreamAsync()))
            {
                await d.CopyToAsync(decoded);
            }

            Assert.Equal(body, decoded.ToArray());
        }
    }

    [Theory]
    [InlineData("/explorer/nope")]
    [InlineData("/explorer/entry/abc")]
    [InlineData("/explorer/entry/1/2")]
    [InlineData("/explorer/entry/12345678901234567890")]
    [InlineData("/explorer/assets/missing.js")]
    [InlineData("/explorer/assets/index.html")]
    public async Task Anything_else_under_the_explorer_is_a_problem_json_404(string path)
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" } });
        var r = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_explorer_rides_with_the_log_service()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } });
        var r = await server.Http.GetAsync(new Uri("/explorer/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public void The_page_assets_stay_within_their_compressed_size_budget()
    {
        var assets = ExplorerAssets.Load();
        Assert.Contains("js/app.js", assets.Paths);
        Assert.True(assets.GzipBytes <= 200 * 1024, $"the explorer's assets are {assets.GzipBytes} bytes gzip-compressed; the budget is 200 KiB");
        Console.WriteLine($"explorer assets: {assets.Paths.Count()} files, {assets.GzipBytes} bytes gzip-compressed");
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"signet-config\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ConfigBlock();
}
