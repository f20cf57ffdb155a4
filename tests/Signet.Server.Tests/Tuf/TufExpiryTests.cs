using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Signet.Client.Services;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Server.Tests.Tuf;

/// <summary>
/// A server left running keeps the TUF repository it made valid (TUF §5.3.10, §5.5.4: a client refuses an expired
/// root or targets). Its timer re-signed timestamp and snapshot only, so the repository of every server that ran on
/// its own keys (<c>DATA/keys/tuf-root.pem</c>) stopped serving TUF clients when targets.json expired after 91 days,
/// and root.json after 182; now each pass also re-signs targets and renews the root (version N+1, same keys) once
/// half of their validity has run out. Time is a <see cref="FakeTimeProvider"/> shared by server and client.
/// </summary>
public sealed class TufExpiryTests
{
    [Fact]
    public async Task A_client_updates_through_a_year_of_a_server_running_on_its_own_repository()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var t = await ServerAndClient.StartAsync(time);
        var (server, store, remote) = (t.Server, t.Store, t.Remote);
        Assert.True(await UpdatesAsync(store, remote, time), "day 0");

        for (var day = 10; day <= 400; day += 10)
        {
            time.Advance(TimeSpan.FromDays(10));
            Assert.True(await UpdatesAsync(store, remote, time), $"day {day}: the client could not update");
        }

        var root = RootMetadata.Parse(await server.Http.GetByteArrayAsync(new Uri("/tuf/root.json", UriKind.Relative)));
        Assert.True(root.Version >= 3, $"root version {root.Version} after 400 days (renewed at least twice)");
        Assert.True(root.Envelope.Expires > time.GetUtcNow().AddDays(60), $"root expires {root.Envelope.Expires}");
    }

    /// <summary>
    /// The operator of a server-owned repository stages a root (a rotation) and has not signed it yet. The server's pass
    /// renews targets in the meantime and cannot publish past the unsigned root; that must not cost the timestamp and
    /// snapshot re-signing of the same pass, or every client stops updating until the operator comes back.
    /// </summary>
    [Fact]
    public async Task A_root_staged_and_not_yet_signed_does_not_stop_the_timestamp_from_being_re_signed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var t = await ServerAndClient.StartAsync(time);
        var (server, store, remote) = (t.Server, t.Store, t.Remote);
        var directory = Path.Combine(server.DataDirectory, "tuf");
        using (TufRepository.Lock(directory, null, CancellationToken.None))
        {
            TufRepository.Open(directory, time).RotateRoot(new Dictionary<string, RoleKeys>());
        }

        // Day 50: targets (91 days) is due for renewal, the timestamp (1 day) long expired.
        time.Advance(TimeSpan.FromDays(50));
        Assert.True(await UpdatesAsync(store, remote, time), "the client could not update: the timestamp was not re-signed");
        Assert.True(File.Exists(Path.Combine(directory, "staged", "root.json")), "the operator's staged root is left for the operator");
    }

    /// <summary>A server on the fake clock and a TUF client that trusts its root version 1.</summary>
    private sealed class ServerAndClient : IAsyncDisposable
    {
        private readonly HttpClient _http = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("signet-trust-").FullName;

        private ServerAndClient(TestServer server)
        {
            Server = server;
            Remote = new HttpTufRemote(_http, new Uri(server.BaseUrl, "tuf/"));
            Store = new TrustRootStore(_folder);
        }

        public TestServer Server { get; }

        public HttpTufRemote Remote { get; }

        public TrustRootStore Store { get; }

        public static async Task<ServerAndClient> StartAsync(FakeTimeProvider time)
        {
            var t = new ServerAndClient(await TestServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time)));
            Assert.True(await TufServingTests.EventuallyAsync(async () => (await t.Server.Http.GetAsync(new Uri("/tuf/timestamp.json", UriKind.Relative))).IsSuccessStatusCode), "no repository");
            t.Store.Initialize(new Uri(t.Server.BaseUrl, "tuf/"), await t.Server.Http.GetByteArrayAsync(new Uri("/tuf/1.root.json", UriKind.Relative)), time.GetUtcNow());
            return t;
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _http.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    // The server's timer runs on the fake clock: after an advance it re-signs asynchronously, so the client retries.
    private static Task<bool> UpdatesAsync(TrustRootStore store, HttpTufRemote remote, TimeProvider time) =>
        TufServingTests.EventuallyAsync(async () =>
        {
            await store.UpdateAsync(remote, time);
            return true;
        });
}
