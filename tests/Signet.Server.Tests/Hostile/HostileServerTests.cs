using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Signet.Server.Tests.Hostile;

/// <summary>One server with every service, the development issuer and <c>/metrics</c> (<c>--metrics</c>), shared by
/// every case of the corpus; what it logs at Error or above is kept.</summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public ErrorLog Errors { get; } = new();

    public async Task InitializeAsync() => Server = await TestServer.StartAsync(
        o => o with { DevOidc = true, Observability = new Signet.Hosting.Observability.ObservabilityOptions { PrometheusMetrics = true } },
        builder => builder.Logging.AddProvider(Errors));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Issue 14 item 1: every case of <see cref="HostileCorpus"/> gets an answer below 500 (or the connection closed by
/// the server for framing it cannot read), a problem+json body on every 4xx, no stack trace text, and leaves nothing
/// in the server's log at Error (an exception a clean status could hide); <c>/metrics</c> still scrapes after them.
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

        Assert.True(HostileCorpus.All.Values.Count(c => c.Target.StartsWith("/metrics", StringComparison.Ordinal)) >= 20, "too few cases for /metrics");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_request_gets_a_clean_refusal(string id)
    {
        var request = HostileCorpus.All[id];
        var url = fixture.Server.BaseUrl;
        fixture.Errors.Clear();
        var response = await RawHttp.SendAsync(url, request.ToBytes($"{url.Host}:{url.Port}"), TimeSpan.FromSeconds(60));
        Assert.True(fixture.Errors.Entries.Count == 0, $"{id}: the server logged {string.Join(" | ", fixture.Errors.Entries)}");

        Assert.True(response.Status < 500, $"{id}: HTTP {response.Status}: {Cut(response.Body)}");
        Assert.DoesNotMatch(StackTrace(), WithoutErrorTypes(response.Body));
        if (response.Status == 0)
        {
            // Kestrel may close the connection on broken framing before it answers (a race with the client's write):
            // a refusal, as long as the server is still up and answering.
            using var http = new HttpClient { BaseAddress = url };
            Assert.True((await http.GetAsync(new Uri("healthz", UriKind.Relative))).IsSuccessStatusCode, $"{id}: the server stopped answering");
        }
        else if (request.ProtocolLevel || response.Status is 400 or 414 or 431 && response.MediaType.Length == 0 && response.Body.Length == 0)
        {
            // Kestrel's own refusals (malformed request line, path or headers) come before any Signet code: empty, 4xx.
            // Signet's own refusals always carry problem+json, so an empty 400/414/431 is the HTTP server's.
            Assert.True(response.Status is >= 400 and < 500 && response.Body.Length == 0, $"{id}: HTTP {response.Status}: {Cut(response.Body)}");
        }
        else if (response.Status >= 400)
        {
            // The development issuer's token endpoints answer errors as OAuth does (RFC 6749 §5.2, RFC 8628 §3.5):
            // application/json with an "error" member.
            var oauthError = request.Target.StartsWith("/oidc/", StringComparison.Ordinal) && response.MediaType == "application/json"
                && response.Body.Contains("\"error\":", StringComparison.Ordinal);
            Assert.True(oauthError || response.MediaType == "application/problem+json" || response.Status == 409 && response.MediaType == "text/x.tlog.size",
                $"{id}: HTTP {response.Status} as '{response.MediaType}': {Cut(response.Body)}");
        }
    }

    [Fact]
    public async Task Metrics_still_scrape_after_hostile_requests_to_every_route()
    {
        var url = fixture.Server.BaseUrl;
        foreach (var request in HostileCorpus.All.Values.Where(c => c.Id.StartsWith("metrics ", StringComparison.Ordinal) || c.Id.StartsWith("method ", StringComparison.Ordinal)))
        {
            _ = await RawHttp.SendAsync(url, request.ToBytes($"{url.Host}:{url.Port}"), TimeSpan.FromSeconds(60));
        }

        var scrape = await fixture.Server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("signet_log_size", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace(), WithoutErrorTypes(text));
    }

    private static string Cut(string s) => s.Length > 400 ? s[..400] + "…" : s;

    /// <summary>
    /// A /metrics scrape without the values of its <c>error_type</c> labels: OpenTelemetry's <c>error.type</c> attribute
    /// names an exception's type by design (Kestrel's connection duration carries <c>System.IO.IOException</c> once a
    /// client — such as an earlier hostile case — broke its connection), which is a metric label, not a stack trace.
    /// </summary>
    private static string WithoutErrorTypes(string body) => ErrorTypeLabel().Replace(body, "error_type=\"\"");

    [GeneratedRegex("error_type=\"[^\"]*\"")]
    private static partial Regex ErrorTypeLabel();

    /// <summary>What .NET prints for a stack frame or an exception's type, wherever it lands.</summary>
    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]*\.[\w<>`]+\(|\.cs:line \d|--- End of|System\.[A-Za-z.]+Exception\b|Signet\.[A-Za-z.]+Exception\b")]
    private static partial Regex StackTrace();
}
