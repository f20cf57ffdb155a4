using System.Net;
using System.Net.Sockets;
using Signet.Client.Services;
using Signet.Tuf.Client;

namespace Signet.Tuf.Tests;

/// <summary>
/// The default trust of verify and sign commands: bootstrap when empty, offline while fresh, update when stale, the
/// cache (with a warning) when the mirror is unreachable but the metadata unexpired, and a clear refusal otherwise.
/// </summary>
public sealed class CachedTrustRootTests : IDisposable
{
    private static readonly Uri Mirror = new("http://mirror.invalid/");
    private readonly TestRepository _t = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ITufRemote _remote;

    public CachedTrustRootTests()
    {
        _remote = _t.Remote;
    }

    public void Dispose()
    {
        _http.Dispose();
        _t.Dispose();
    }

    private TrustRootStore Store => new(Path.Combine(_t.Folder, "store"));

    private CachedTrustRoot Trust(TimeSpan? validity = null) =>
        new(Store, _ => _remote, Mirror, _t.ReadPublished("1.root.json"), _t.Time) { CacheValidity = validity ?? TimeSpan.FromDays(1) };

    /// <summary>A mirror on a loopback port nothing listens on: every request is refused at once.</summary>
    private void MirrorGoesAway()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _remote = new HttpTufRemote(_http, new Uri($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task An_empty_store_is_bootstrapped_then_used_offline_while_fresh()
    {
        var first = await Trust().TrustedRootAsync();
        Assert.Null(first.StaleWarning);
        Assert.Equal(_t.ReadPublished($"targets/{Hash()}.trusted_root.json"), first.Data);
        Assert.Equal(Mirror, Store.Mirror);
        var requests = _t.Remote.Requests.Count;

        _t.Time.Advance(TimeSpan.FromHours(12));
        var second = await Trust().TrustedRootAsync();
        Assert.Equal(first.Data, second.Data);
        Assert.Equal(requests, _t.Remote.Requests.Count);
    }

    [Fact]
    public async Task A_stale_store_is_updated_and_picks_up_a_new_trusted_root()
    {
        await Trust().TrustedRootAsync();
        _t.PublishTarget("{\"v\":2}");
        _t.Time.Advance(TimeSpan.FromHours(2));

        Assert.NotEqual("{\"v\":2}"u8.ToArray(), (await Trust(TimeSpan.FromHours(3)).TrustedRootAsync()).Data);
        Assert.Equal("{\"v\":2}"u8.ToArray(), (await Trust(TimeSpan.FromHours(1)).TrustedRootAsync()).Data);
    }

    [Fact]
    public async Task An_unreachable_mirror_with_an_unexpired_cache_uses_the_cache_with_a_warning()
    {
        var fresh = await Trust().TrustedRootAsync();
        _t.Time.Advance(TimeSpan.FromHours(2));
        MirrorGoesAway();

        var stale = await Trust(TimeSpan.FromHours(1)).TrustedRootAsync();
        Assert.Equal(fresh.Data, stale.Data);
        Assert.Contains("could not refresh the trust root", stale.StaleWarning, StringComparison.Ordinal);
    }

    // A store this process cannot write (a read-only image's, another user's): here its lock file cannot be opened for
    // writing, which is what a read-only folder does to a writer (a test running as root is refused nothing else).
    private void StoreBecomesUnwritable()
    {
        var lockFile = Path.Combine(_t.Folder, "store", "trust-store.lock");
        File.Delete(lockFile);
        Directory.CreateDirectory(lockFile);
    }

    [Fact]
    public async Task A_stale_store_that_cannot_be_written_is_used_as_it_is_with_a_warning_while_unexpired()
    {
        var fresh = await Trust().TrustedRootAsync();
        _t.Time.Advance(TimeSpan.FromHours(2));
        StoreBecomesUnwritable();

        var stale = await Trust(TimeSpan.FromHours(1)).TrustedRootAsync();
        Assert.Equal(fresh.Data, stale.Data);
        Assert.StartsWith($"the trust store {Path.Combine(_t.Folder, "store")} cannot be written, so it was not refreshed (", stale.StaleWarning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_store_that_cannot_be_written_fails_closed_saying_what_to_set()
    {
        await Trust().TrustedRootAsync();
        _t.Time.Advance(TimeSpan.FromDays(3)); // past the timestamp's expiry
        StoreBecomesUnwritable();

        var e = await Assert.ThrowsAsync<Signet.Core.SignetConfigurationException>(() => Trust().TrustedRootAsync());
        Assert.Contains("cannot be written", e.Message, StringComparison.Ordinal);
        Assert.Contains("set SIGNET_TUF_CACHE (or HOME)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_mirror_with_an_expired_cache_fails_closed_naming_trust_update_and_trusted_root()
    {
        await Trust().TrustedRootAsync();
        _t.Time.Advance(TimeSpan.FromDays(3)); // past the timestamp's expiry
        MirrorGoesAway();

        var e = await Assert.ThrowsAsync<TufException>(() => Trust().TrustedRootAsync());
        Assert.Equal(TufErrorCode.Expired, e.Code);
        Assert.Contains("signet trust update", e.Message, StringComparison.Ordinal);
        Assert.Contains("--trusted-root", e.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task No_store_and_no_mirror_fails_closed_naming_trust_init_and_trusted_root()
    {
        MirrorGoesAway();
        var e = await Assert.ThrowsAsync<TufException>(() => Trust().TrustedRootAsync());
        Assert.Equal(TufErrorCode.NotInitialized, e.Code);
        Assert.Contains("signet trust init", e.Message, StringComparison.Ordinal);
        Assert.Contains("--trusted-root", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Store.IsInitialized);
    }

    [Fact]
    public async Task A_refused_update_is_not_papered_over_by_the_cache()
    {
        await Trust().TrustedRootAsync();
        _t.Time.Advance(TimeSpan.FromHours(2));
        // The mirror answers with a newer timestamp signed by a key the root does not trust.
        using var intruder = Core.Keys.SigningKey.GenerateEcdsaP256();
        _t.Remote.Override("timestamp.json", Craft.SignWith(Craft.Edit(_t.ReadPublished("timestamp.json"), s => s["version"] = 9), intruder));

        var e = await Assert.ThrowsAsync<TufException>(() => Trust(TimeSpan.FromHours(1)).TrustedRootAsync());
        Assert.Equal(TufErrorCode.BelowThreshold, e.Code);
    }

    private string Hash()
    {
        var targets = System.Text.Json.JsonDocument.Parse(_t.ReadPublished("1.targets.json"));
        return targets.RootElement.GetProperty("signed").GetProperty("targets").GetProperty("trusted_root.json")
            .GetProperty("hashes").GetProperty("sha256").GetString()!;
    }
}
