using System.Text.RegularExpressions;

namespace Signet.Server.Tests.Hostile;

/// <summary>One server with every service and the development issuer, shared by every case of the corpus.</summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync(o => o with { DevOidc = true });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Issue 14 item 1: every case of <see cref="HostileCorpus"/> gets an answer below 500 (or the connection closed by
/// the server for framing it cannot read), a problem+json body on every 4xx, and no stack trace text.
/// </summary>
public sealed partial class HostileServerTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    public static TheoryData<string> Cases() => [.. HostileCorpus.All.Keys];

    [Fact]
    public void The_corpus_covers_every_endpoint_with_at_least_three_hundred_cases()
    {
        Assert.True(HostileCorpus.All.Count >= 300, $"only {HostileCorpus.All.Count} cases");
        foreach (var (path, _) in HostileCorpus.JsonEndpoints)
        {
            Assert.Contains(HostileCorpus.All.Values, c => c.Target == path.Split('#')[0] && c.Id.StartsWith("body ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_request_gets_a_clean_refusal(string id)
    {
        var request = HostileCorpus.All[id];
        var url = fixture.Server.BaseUrl;
        var response = await RawHttp.SendAsync(url, request.ToBytes($"{url.Host}:{url.Port}"), TimeSpan.FromSeconds(60));

        Assert.True(response.Status < 500, $"{id}: HTTP {response.Status}: {Cut(response.Body)}");
        Assert.DoesNotMatch(StackTrace(), response.Body);
        if (request.ProtocolLevel)
        {
            Assert.True(response.Status is >= 400 and < 500 && response.Body.Length == 0, $"{id}: HTTP {response.Status}: {Cut(response.Body)}");
        }
        else if (response.Status >= 400)
        {
            Assert.True(response.MediaType == "application/problem+json" || response.Status == 409 && response.MediaType == "text/x.tlog.size",
                $"{id}: HTTP {response.Status} as '{response.MediaType}': {Cut(response.Body)}");
        }
    }

    private static string Cut(string s) => s.Length > 400 ? s[..400] + "…" : s;

    /// <summary>What .NET prints for a stack frame or an exception's type, wherever it lands.</summary>
    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]*\.[\w<>`]+\(|\.cs:line \d|--- End of|System\.[A-Za-z.]+Exception\b|Signet\.[A-Za-z.]+Exception\b")]
    private static partial Regex StackTrace();
}
