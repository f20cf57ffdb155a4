using System.Net;
using System.Text.Json;
using Signet.Core;

namespace Signet.Server.Tests;

public sealed class CompositionTests
{
    [Fact]
    public async Task Healthz_lists_the_services_that_run()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log", "tsa" } });
        var r = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(["log", "tsa"], doc.RootElement.GetProperty("services").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_json_404()
    {
        await using var server = await TestServer.StartAsync();
        var r = await server.Http.GetAsync(new Uri("/no/such/thing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public void Exceptions_map_to_problem_statuses_never_500_for_bad_input()
    {
        Assert.Equal(400, ProblemMiddleware.Classify(new SignetFormatException("x")).Status);
        Assert.Equal(400, ProblemMiddleware.Classify(new JsonException("x")).Status);
        Assert.Equal(413, ProblemMiddleware.Classify(HttpProblemException.TooLarge("x")).Status);
        var overload = ProblemMiddleware.Classify(new Signet.Log.Engine.LogPushbackException { RetryAfter = TimeSpan.FromSeconds(2) });
        Assert.Equal(503, overload.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), overload.RetryAfter);
        Assert.Equal(500, ProblemMiddleware.Classify(new InvalidOperationException("bug")).Status);
    }

    [Fact]
    public void The_error_model_decides_the_status_and_a_configuration_failure_is_a_500_without_its_details()
    {
        Assert.Equal(404, ProblemMiddleware.Classify(HttpProblemException.NotFound("x")).Status);
        Assert.Equal(409, ProblemMiddleware.Classify(HttpProblemException.Conflict("x")).Status);
        Assert.Equal(415, ProblemMiddleware.Classify(HttpProblemException.UnsupportedMediaType("x")).Status);
        Assert.Equal(400, ProblemMiddleware.Classify(new Signet.Core.Verification.VerificationException("x")).Status);
        Assert.Equal(400, ProblemMiddleware.Classify(new Signet.Log.Ct.CtLogRejectedException("x")).Status);
        Assert.Equal(401, ProblemStatus.Of(new Signet.Ca.CaRequestRejectedException(Signet.Ca.CaRejection.InvalidIdentityToken, "x")));
        Assert.Equal(400, ProblemStatus.Of(new Signet.Ca.CaRequestRejectedException(Signet.Ca.CaRejection.InvalidProofOfPossession, "x")));
        var pending = ProblemMiddleware.Classify(HttpProblemException.Unavailable("busy", TimeSpan.FromSeconds(10)));
        Assert.Equal((503, "Service Unavailable", TimeSpan.FromSeconds(10)), (pending.Status, pending.Title, pending.RetryAfter));
        var configuration = ProblemMiddleware.Classify(new SignetConfigurationException("/secret/keys/tuf-online.pem is not a key"));
        Assert.Equal(500, configuration.Status);
        Assert.DoesNotContain("secret", configuration.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_validation_names_the_bad_setting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SignetServerOptions { DataDirectory = "/tmp/x", Services = new HashSet<string> { "nope" } }.Validate());
        Assert.Contains("nope", ex.Message);
        Assert.Throws<ArgumentException>(() => new SignetServerOptions { DataDirectory = "/tmp/x", Listen = "127.0.0.1" }.Validate());
        Assert.Throws<ArgumentException>(() => new SignetServerOptions { DataDirectory = "/tmp/x", Listen = "example.com:80" }.Validate());
    }
}
