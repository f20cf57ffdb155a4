namespace Signet.Oci.Tests;

/// <summary>
/// A registry, or its token service, that sends its headers and then stalls, trickles or floods (a real server,
/// <see cref="HostileHttpServer"/>): the client gives up within its per-request timeout, as for a registry that never
/// answers, and at its size limits. Before, a body that stalled held <c>signet image</c> and the admission webhook for
/// ever (the request timeout ended at the headers), and a token service's flood was buffered up to 2 GB.
/// </summary>
public sealed class HostileRegistryAnswerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static RegistryClientOptions Options => new() { Timeout = TimeSpan.FromSeconds(1), MaxAttempts = 1 };

    [Theory]
    [InlineData(HostileBody.Stall)]
    [InlineData(HostileBody.Trickle)]
    public async Task A_manifest_that_does_not_arrive_in_time_is_an_unreachable_registry(HostileBody body)
    {
        await using var registry = HostileHttpServer.Start(body);
        using var client = new RegistryClient(registry.BaseUrl.Authority, Options);

        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app", "v1").WaitAsync(Bound));
        Assert.Equal(RegistryErrorKind.Unreachable, e.Kind);
        Assert.Equal($"registry {registry.BaseUrl.Authority}: GET manifest app:v1: the registry did not send its whole answer within 1 s", e.Message);
    }

    [Fact]
    public async Task A_blob_flood_stops_at_the_blob_limit()
    {
        await using var registry = HostileHttpServer.Start(HostileBody.Flood);
        using var client = new RegistryClient(registry.BaseUrl.Authority, Options with { MaxBlobBytes = 1 << 20, Timeout = TimeSpan.FromMinutes(1) });

        var e = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetBlobAsync("app", OciDigest.Compute("x"u8.ToArray())).WaitAsync(Bound));
        Assert.Equal(RegistryErrorKind.Protocol, e.Kind);
        Assert.EndsWith("body exceeds the 1048576-byte limit", e.Message, StringComparison.Ordinal);
        Assert.True(registry.BodyBytesSent < HostileHttpServer.FloodLimit);
    }

    [Theory]
    [InlineData(HostileBody.Stall, "did not send its whole answer within 1 s")]
    [InlineData(HostileBody.Flood, "answered with more than 1048576 bytes")]
    public async Task A_token_service_that_misbehaves_is_a_registry_error_naming_it(HostileBody body, string expected)
    {
        await using var tokens = HostileHttpServer.Start(body);
        await using var registry = Challenging(tokens);
        using var client = new RegistryClient(registry.BaseUrl.Authority, Options with { Timeout = TimeSpan.FromSeconds(body == HostileBody.Stall ? 1 : 60) });

        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app", "v1").WaitAsync(Bound));
        Assert.StartsWith($"registry {registry.BaseUrl.Authority}: token service {tokens.BaseUrl}token", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"token\":\"s3cret-token-value\",", "not JSON")]
    [InlineData("{\"token\":\"s3cret-token-value\",\"token\":\"s3cret-token-value\"}", "not JSON")]
    [InlineData("{\"token\":\"s3cret-token-value\",\"expires_in\":\"s3cret-token-value\"}", "wrong kind ($.expires_in)")]
    [InlineData("[\"s3cret-token-value\"]", "not an object")]
    public async Task A_token_answer_that_is_not_a_token_is_refused_without_quoting_it(string answer, string expected)
    {
        await using var tokens = HostileHttpServer.Start(HostileBody.Complete, 200, answer);
        await using var registry = Challenging(tokens);
        using var client = new RegistryClient(registry.BaseUrl.Authority, Options);

        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app", "v1").WaitAsync(Bound));
        Assert.Equal(RegistryErrorKind.Protocol, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", e.ToString(), StringComparison.Ordinal);
    }

    // A registry that asks for a bearer token from tokens (Docker token authentication).
    private static HostileHttpServer Challenging(HostileHttpServer tokens) =>
        HostileHttpServer.Start(HostileBody.Complete, 401, "{}", ("WWW-Authenticate", $"Bearer realm=\"{tokens.BaseUrl}token\",service=\"test\""));
}
