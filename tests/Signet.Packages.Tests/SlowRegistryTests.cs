using Signet.Client.Services;
using Signet.Core;
using Signet.Packages.Npm;
using Signet.Packages.NuGet;
using Signet.Testing.Servers;

namespace Signet.Packages.Tests;

/// <summary>
/// A NuGet feed or an npm registry that sends its headers and then stalls, trickles or floods (a real server,
/// <see cref="HostileHttpServer"/>): the client gives up within its timeout and size limit. Before, a stalled body held
/// <c>signet nuget verify ID@VERSION</c> for ever, and the npm registry's keys were buffered whole (up to 2 GB) before
/// their size was checked.
/// </summary>
public sealed class SlowRegistryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(HostileBody.Stall)]
    [InlineData(HostileBody.Trickle)]
    public async Task A_feed_that_stalls_times_out_as_an_unreachable_one_does(HostileBody body)
    {
        await using var feed = HostileHttpServer.Start(body);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var e = await Assert.ThrowsAsync<TaskCanceledException>(() =>
            new NuGetPackageLocator(http).VersionsAsync($"{feed.BaseUrl}v3/index.json", "Some.Package", default).WaitAsync(Bound));
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.Equal($"{feed.BaseUrl}v3/index.json did not send its whole answer within 1 s", e.Message);
    }

    /// <summary>A feed that takes the connection and never answers (the headers never come): the same message. It was
    /// .NET's "The request was canceled due to the configured HttpClient.Timeout of 1 seconds elapsing", which names no
    /// feed — and what the stalling feeds above gave on a loaded machine, where their headers took longer than 1 s.</summary>
    [Fact]
    public async Task A_feed_that_never_answers_times_out_with_the_same_message()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // the kernel completes connections into the backlog; nothing ever reads or answers them
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/v3/index.json";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var e = await Assert.ThrowsAsync<TaskCanceledException>(() => new NuGetPackageLocator(http).VersionsAsync(url, "Some.Package", default).WaitAsync(Bound));
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.Equal($"{url} did not send its whole answer within 1 s", e.Message);
    }

    [Fact]
    public async Task Npm_registry_keys_that_stall_are_a_service_error()
    {
        await using var registry = HostileHttpServer.Start(HostileBody.Stall);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() => NpmRegistryKeys.FetchAsync(http, registry.BaseUrl, default).WaitAsync(Bound));
        Assert.Equal($"the npm registry {registry.BaseUrl.Host} did not answer in time", e.Message);
    }

    [Fact]
    public async Task Npm_registry_keys_that_flood_are_refused_at_the_limit()
    {
        await using var registry = HostileHttpServer.Start(HostileBody.Flood);
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => NpmRegistryKeys.FetchAsync(http, registry.BaseUrl, default).WaitAsync(Bound));
        Assert.Equal($"{registry.BaseUrl}-/npm/v1/keys: larger than {NpmRegistryKeys.MaxBytes} bytes", e.Message);
        Assert.True(registry.BodyBytesSent < HostileHttpServer.FloodLimit);
    }
}
