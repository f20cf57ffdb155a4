using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Signet.Server.Tests.Hostile;
using Signet.Server.Tests.Log;

namespace Signet.Server.Tests.Hosting;

/// <summary>
/// <c>GET /readyz</c> is the readiness a Kubernetes Service or a load balancer asks: 503 problem+json naming each
/// service that cannot do its work and why, while <c>GET /healthz</c> (liveness) stays 200, since a restart does not
/// cure a full disk. A log whose integration has failed for ten seconds of the server's clock is not ready, and ready
/// again at its first round that succeeds; a single failed round does not flip it. The failure is a real one: the tile
/// directory replaced by a file, so no tile can be written (ENOTDIR), as the engine's retry tests do. Before, there was
/// no <c>/readyz</c> (404) and <c>/healthz</c> said "ok" however long the log could not integrate.
/// </summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_log_whose_integration_keeps_failing_is_not_ready_after_ten_seconds_and_ready_again_once_its_storage_is_back()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var errors = new ErrorLog();
        await using var server = await TestServer.StartAsync(
            o => o with { Services = new HashSet<string> { "log" } },
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(time);
                b.Logging.AddProvider(errors);
            });
        await AssertReadyAsync(server, ["log"]);

        var tileDirectory = Path.Combine(server.DataDirectory, "log", "tiles", "tile");
        if (Directory.Exists(tileDirectory))
        {
            Directory.Delete(tileDirectory, recursive: true);
        }

        await File.WriteAllBytesAsync(tileDirectory, []);
        // Sequenced, then waits for a checkpoint that the failing integration cannot make.
        var append = LogRequests.PostAsync(server.Http, "/api/v2/log/entries", LogRequests.HashedRekordV002("unready"u8.ToArray()).ToJsonString());
        await Until(() => Task.FromResult(errors.Entries.Any(e => e.Contains("integration failed; retrying", StringComparison.Ordinal))), "the first failed round");

        // Failed, but not for long: still ready (the server's clock has not moved since the first failure).
        await AssertReadyAsync(server, ["log"]);
        time.Advance(TimeSpan.FromSeconds(9)); // rounds fail again at +0.2, +0.6, +1.4, +3, +6.2 s
        await AssertReadyAsync(server, ["log"]);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        time.Advance(TimeSpan.FromSeconds(2));
        using (var unready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Equal("application/problem+json", unready.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await unready.Content.ReadAsStringAsync());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("/readyz", problem.RootElement.GetProperty("instance").GetString());
            var line = Assert.Single(problem.RootElement.GetProperty("detail").GetString()!.Split('\n'));
            Assert.Matches(@"^log: integration has failed for 11 s \((1 round|[0-9]+ rounds in a row)\): \S", line);
            // The file is named under DATA, not where the data directory is on this machine.
            Assert.Contains($"'{Path.Combine("DATA", "log", "tiles", "tile")}", line, StringComparison.Ordinal);
            Assert.DoesNotContain(server.DataDirectory, line, StringComparison.Ordinal);
        }

        // A write now is refused at once, and nothing is sequenced: no client waits out the publication timeout
        // with a connection open (a CT log promises no SCT it cannot integrate). Both APIs, the same rule as /readyz.
        foreach (var (path, body) in new[]
        {
            ("/api/v2/log/entries", LogRequests.HashedRekordV002("refused while unready"u8.ToArray()).ToJsonString()),
            ("/api/v1/log/entries", LogRequests.HashedRekordV001("refused while unready"u8.ToArray()).ToJsonString()),
        })
        {
            using var refused = await server.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
            var detail = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
            Assert.StartsWith("cannot log now: the log's integration has failed for 11 s", detail, StringComparison.Ordinal);
        }

        // Liveness is not readiness: the process runs, and restarting it would not give the disk room.
        using (var live = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("ok", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        // The storage is back: the next round (after its pause, at most 5 s of the server's clock) succeeds.
        File.Delete(tileDirectory);
        await Until(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            using var answer = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return answer.StatusCode == HttpStatusCode.OK;
        }, "ready again");
        await AssertReadyAsync(server, ["log"]);
        await append; // answered (its wait for a checkpoint may have timed out on the server's clock)
        // Only the entry sequenced before the failure: the refused writes were not sequenced (the tree would hold 3).
        await Until(async () => (await LogRequests.GetAsync(server.Http, "/api/v1/log")).Item2.GetProperty("treeSize").GetInt64() >= 1, "the entry integrated");
        Assert.Equal(1, (await LogRequests.GetAsync(server.Http, "/api/v1/log")).Item2.GetProperty("treeSize").GetInt64());

        // And the gate is open again: a write is logged.
        var again = LogRequests.PostAsync(server.Http, "/api/v2/log/entries", LogRequests.HashedRekordV002("ready again"u8.ToArray()).ToJsonString());
        await Until(async () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(200));
            return again.IsCompleted;
        }, "the write after recovery answered");
        Assert.Equal(HttpStatusCode.Created, (await again).Response.StatusCode);
    }

    [Fact]
    public async Task The_log_and_the_tsa_are_not_ready_while_the_clock_is_before_their_windows()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log", "tsa" } }, b => b.Services.AddSingleton<TimeProvider>(time));
        await AssertReadyAsync(server, ["log", "tsa"]);

        // An hour back: the log's writes and the TSA's timestamps are refused with 503 (ClockSetBackTests), so not ready.
        time.AdjustTime(time.GetUtcNow().AddHours(-1));
        using (var unready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            var lines = JsonDocument.Parse(await unready.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!.Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("log: cannot log now: the log's Rekor v1 key is valid in trusted_root.json from ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("log: cannot log now: the log's checkpoint key (Rekor v2) is valid in trusted_root.json from ", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("tsa: cannot sign now: the TSA's certificate chain is valid from ", lines[2], StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        time.AdjustTime(time.GetUtcNow().AddHours(1));
        await AssertReadyAsync(server, ["log", "tsa"]);
    }

    [Fact]
    public async Task The_ct_log_is_not_ready_while_the_clock_is_before_its_keys_window()
    {
        // Three minutes back: the CA's chain (made five minutes back-dated) is valid, the CT key's window is not open,
        // so SCTs are refused and the CA's certificates with them (ClockSetBackTests).
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "ca", "ct" } }, b => b.Services.AddSingleton<TimeProvider>(time));
        await AssertReadyAsync(server, ["ca", "ct"]);

        time.AdjustTime(time.GetUtcNow().AddMinutes(-3));
        using (var unready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            var line = Assert.Single(JsonDocument.Parse(await unready.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!.Split('\n'));
            Assert.StartsWith("ct: cannot log now: the CT log's key is valid in trusted_root.json from ", line, StringComparison.Ordinal);
        }

        time.AdjustTime(time.GetUtcNow().AddMinutes(3));
        await AssertReadyAsync(server, ["ca", "ct"]);
    }

    private static async Task AssertReadyAsync(TestServer server, string[] services)
    {
        using var answer = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode}: {body}");
        using var ready = JsonDocument.Parse(body);
        Assert.Equal("ready", ready.RootElement.GetProperty("status").GetString());
        Assert.Equal(services, ready.RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetString()!).ToArray());
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {Deadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
