using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Signet.Server.Tests.Log;

/// <summary>Bad requests get a 4xx problem+json, never a 500, and append nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" }, LogOrigin = "log.test" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> BadWrites()
    {
        var wrongSig = LogRequests.HashedRekordV001(Encoding.UTF8.GetBytes("a"));
        wrongSig["spec"]!["data"]!["hash"]!["value"] = new string('0', 64);
        var v2WrongSig = LogRequests.HashedRekordV002(Encoding.UTF8.GetBytes("a"));
        v2WrongSig["hashedRekordRequestV002"]!["digest"] = Convert.ToBase64String(new byte[32]);
        return new TheoryData<string, string>
        {
            { "/api/v1/log/entries", "{not json" },
            { "/api/v1/log/entries", "" },
            { "/api/v1/log/entries", "{\"kind\":\"helm\",\"apiVersion\":\"0.0.1\",\"spec\":{}}" },
            { "/api/v1/log/entries", "{\"kind\":\"hashedrekord\",\"apiVersion\":\"9.9.9\",\"spec\":{}}" },
            { "/api/v1/log/entries", wrongSig.ToJsonString() },
            { "/api/v1/log/entries", "[1,2,3]" },
            { "/api/v1/log/entries", new string('[', 5000) + new string(']', 5000) },
            { "/api/v2/log/entries", "{\"hashedRekordRequestV002\":{}}" },
            { "/api/v2/log/entries", v2WrongSig.ToJsonString() },
            { "/api/v2/log/entries", LogRequests.HashedRekordV001(Encoding.UTF8.GetBytes("b")).ToJsonString() },
            { "/api/v1/log/entries/retrieve", "{\"entryUUIDs\":[\"zz\"]}" },
            { "/api/v1/log/entries/retrieve", "{\"logIndexes\":[0,1,2,3,4,5,6,7,8,9,10]}" },
            { "/api/v1/index/retrieve", "{}" },
            { "/api/v1/index/retrieve", "{\"hash\":\"sha256:xyz\"}" },
            { "/api/v1/index/retrieve", "{\"publicKey\":{\"format\":\"pgp\",\"content\":\"AA==\"}}" },
            { "/api/v1/index/retrieve", "{\"email\":\"a@b\",\"operator\":\"xor\"}" },

            // Strings that are not valid Unicode (RFC 7493 §2.1 lone surrogates) and duplicate names (RFC 7493 §2.3).
            { "/api/v1/log/entries", "{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"\\ud800\"}}}" },
            { "/api/v1/log/entries", "{\"kind\":\"hashedrekord\",\"kind\":\"dsse\",\"apiVersion\":\"0.0.1\",\"spec\":{}}" },
            { "/api/v2/log/entries", "{\"hashedRekordRequestV002\":{\"digest\":\"\\udc00\"}}" },
            { "/api/v1/log/entries/retrieve", "{\"entryUUIDs\":[\"\\ud800\"]}" },
            { "/api/v1/index/retrieve", "{\"email\":\"\\ud800@b\"}" },
            { "/api/v1/index/retrieve", "{\"\\ud800\":1,\"email\":\"a@b\"}" },
        };
    }

    [Theory]
    [MemberData(nameof(BadWrites))]
    public async Task Bad_posts_are_4xx_problems_and_append_nothing(string path, string body)
    {
        var (r, json) = await LogRequests.PostAsync(_server.Http, path, body);
        Assert.InRange((int)r.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)r.StatusCode, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("detail").GetString()));
        await AssertEmptyAsync();
    }

    [Theory]
    [InlineData("/api/v1/log/entries")]
    [InlineData("/api/v2/log/entries")]
    [InlineData("/api/v1/log/entries/retrieve")]
    [InlineData("/api/v1/index/retrieve")]
    public async Task Invalid_utf8_is_a_400_naming_the_field(string path)
    {
        // A raw 0xFF byte inside a string (RFC 8259 §8.1): System.Text.Json parses it and fails only when the string is read.
        byte[] body = [.. "{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"hashedRekordRequestV002\":{\"digest\":\"A"u8, 0xff, .. "\"},\"email\":\"a@b\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var r = await _server.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var detail = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("hashedRekordRequestV002.digest: not valid Unicode", detail, StringComparison.Ordinal);
        await AssertEmptyAsync();
    }

    [Theory]
    [InlineData("/api/v1/log/entries?logIndex=0", 404)]
    [InlineData("/api/v1/log/entries?logIndex=-1", 400)]
    [InlineData("/api/v1/log/entries?logIndex=99999999999999999999999", 400)]
    [InlineData("/api/v1/log/entries", 400)]
    [InlineData("/api/v1/log/entries/" + "00000000000000000000000000000000000000000000000000000000000000aa", 404)]
    [InlineData("/api/v1/log/entries/abc", 400)]
    [InlineData("/api/v1/log/proof?firstSize=1&lastSize=100", 400)]
    [InlineData("/api/v1/log/proof?firstSize=5&lastSize=2", 400)]
    [InlineData("/api/v1/log/proof?firstSize=1&lastSize=18446744073709551615", 400)]
    [InlineData("/api/v1/log/proof", 400)]
    [InlineData("/api/v2/tile/0/000.p/1", 404)]
    [InlineData("/api/v2/tile/99/000", 404)]
    [InlineData("/api/v2/tile/entries/x999/999", 404)]
    [InlineData("/api/v2/tile/../../etc/passwd", 404)]
    public async Task Bad_reads_are_4xx_problems(string path, int status)
    {
        var r = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_appends_nothing()
    {
        var big = LogRequests.HashedRekordV001(Encoding.UTF8.GetBytes("c"));
        big["padding"] = new string('x', 200 * 1024);
        var (r, _) = await LogRequests.PostAsync(_server.Http, "/api/v1/log/entries", big.ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        var (r2, _) = await LogRequests.PostAsync(_server.Http, "/api/v2/log/entries", new JsonObject { ["x"] = new string('y', 200 * 1024) }.ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r2.StatusCode);
        await AssertEmptyAsync();
    }

    private async Task AssertEmptyAsync()
    {
        var (_, info) = await LogRequests.GetAsync(_server.Http, "/api/v1/log");
        Assert.Equal(0, info.GetProperty("treeSize").GetInt64());
    }
}
