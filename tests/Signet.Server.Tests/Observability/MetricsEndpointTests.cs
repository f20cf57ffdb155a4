using System.Net;
using Signet.Hosting.Observability;
using Signet.Testing.Observability;

namespace Signet.Server.Tests.Observability;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_not_served_unless_asked_for()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string>(["log"], StringComparer.Ordinal) });
        var r = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task With_prometheus_metrics_the_log_size_of_this_server_is_scraped_in_text_format()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            Services = new HashSet<string>(["log"], StringComparer.Ordinal),
            Observability = new ObservabilityOptions { PrometheusMetrics = true },
        });
        var r = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        var scrape = new PrometheusScrape(await r.Content.ReadAsStringAsync());
        Assert.True(scrape.Has("signet_log_size"));
        Assert.Equal(0, scrape.Sum("signet_log_size", ("signet_log_origin", server.BaseUrl.Authority)));
    }

    [Fact]
    public void An_otlp_endpoint_must_be_an_http_url_and_the_interval_bounded()
    {
        Assert.Throws<ArgumentException>(() => new ObservabilityOptions { OtlpEndpoint = new Uri("ftp://collector/") }.Validate());
        Assert.Throws<ArgumentException>(() => new ObservabilityOptions { OtlpExportInterval = TimeSpan.Zero }.Validate());
        new ObservabilityOptions { OtlpEndpoint = new Uri("http://127.0.0.1:4318") }.Validate();
    }
}
