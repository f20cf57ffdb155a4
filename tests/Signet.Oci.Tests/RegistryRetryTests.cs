using System.Diagnostics;
using System.Net;

namespace Signet.Oci.Tests;

/// <summary>
/// Registry errors in front of the real registry: a rate limit is waited out as long as the registry asks (RFC 9110
/// §10.2.3 Retry-After), and a request that is not safe to repeat is never sent twice.
/// </summary>
public sealed class RegistryRetryTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Rate_limit_is_retried_after_the_registrys_retry_after_and_then_succeeds()
    {
        using var faults = new FaultInjectingHandler(HttpStatusCode.TooManyRequests, failures: 1, retryAfterSeconds: 1);
        using var client = new RegistryClient(fixture.Server.Registry, new RegistryClientOptions { Handler = faults });
        var pushed = await TestImages.PushImageAsync(client, "retry/ratelimit", "v1", "rate limited");
        faults.Arm();
        var clock = Stopwatch.StartNew();
        var m = await client.GetManifestAsync("retry/ratelimit", "v1");
        Assert.Equal(pushed.Digest, m.Digest);
        Assert.Equal(2, faults.Seen);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed.TotalMilliseconds} ms, the registry asked for 1 s");
    }

    [Fact]
    public async Task Upload_put_that_fails_with_a_server_error_is_not_repeated_and_says_what_failed()
    {
        using var faults = new FaultInjectingHandler(HttpStatusCode.ServiceUnavailable, failures: 5, retryAfterSeconds: 0, only: HttpMethod.Put);
        using var client = new RegistryClient(fixture.Server.Registry, new RegistryClientOptions { Handler = faults });
        faults.Arm();
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PushBlobAsync("retry/put", "not repeated"u8.ToArray(), OciMediaTypes.ImageLayer));
        Assert.Equal(1, faults.Seen);
        Assert.Equal(RegistryErrorKind.ServerError, e.Kind);
        Assert.Contains("503", e.Message, StringComparison.Ordinal);
        Assert.Contains("PUT blob retry/put", e.Message, StringComparison.Ordinal);
    }
}
