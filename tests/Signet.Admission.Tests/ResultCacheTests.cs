using Signet.Admission.Verification;
using Signet.Oci;
using Signet.Policy.Policies;

namespace Signet.Admission.Tests;

/// <summary>The result cache: single flight, TTL, no caching of failures, the memory bound, and waits that end without ending the evaluation.</summary>
public sealed class ResultCacheTests
{
    private static PolicyResult Result(string detail = "signature verified") =>
        new("p", PolicyMode.Enforce, "img", [new AuthorityResult("a", "keyless", true, detail)]);

    [Fact]
    public async Task Concurrent_misses_share_one_evaluation_and_then_hit()
    {
        using var cache = new ResultCache(TimeSpan.FromMinutes(1), 1 << 20);
        var gate = new TaskCompletionSource();
        var calls = 0;
        async Task<PolicyResult> Evaluate()
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            return Result();
        }

        var waits = Enumerable.Range(0, 16).Select(_ => cache.GetAsync("k", Evaluate, CancellationToken.None)).ToArray();
        gate.SetResult();
        var results = await Task.WhenAll(waits);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Same(results[0], await cache.GetAsync("k", Evaluate, CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Equal(1, cache.Evaluations);
    }

    [Fact]
    public async Task A_failure_is_not_cached()
    {
        using var cache = new ResultCache(TimeSpan.FromMinutes(1), 1 << 20);
        await Assert.ThrowsAsync<RegistryException>(() => cache.GetAsync("k", () => throw new RegistryException(RegistryErrorKind.Unreachable, "down"), CancellationToken.None));
        Assert.Equal(0, cache.Count);
        Assert.Equal("signature verified", (await cache.GetAsync("k", () => Task.FromResult(Result()), CancellationToken.None)).Authorities[0].Detail);
        Assert.Equal(2, cache.Evaluations);
    }

    [Fact]
    public async Task Results_expire_after_the_ttl_and_a_zero_ttl_keeps_none()
    {
        // Long enough for two calls on a loaded machine, short enough to wait out.
        using var cache = new ResultCache(TimeSpan.FromSeconds(3), 1 << 20);
        await cache.GetAsync("k", () => Task.FromResult(Result()), CancellationToken.None);
        await cache.GetAsync("k", () => Task.FromResult(Result()), CancellationToken.None);
        Assert.Equal(1, cache.Evaluations);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await cache.GetAsync("k", () => Task.FromResult(Result()), CancellationToken.None);
        Assert.Equal(2, cache.Evaluations);

        using var none = new ResultCache(TimeSpan.Zero, 1 << 20);
        await none.GetAsync("k", () => Task.FromResult(Result()), CancellationToken.None);
        await none.GetAsync("k", () => Task.FromResult(Result()), CancellationToken.None);
        Assert.Equal(2, none.Evaluations);
        Assert.Equal(0, none.Count);
    }

    [Fact]
    public async Task The_memory_bound_holds()
    {
        using var cache = new ResultCache(TimeSpan.FromMinutes(1), 64 << 10);
        var big = new string('x', 4096); // about 8 KiB a result: the bound holds fewer than 8
        for (var i = 0; i < 100; i++)
        {
            await cache.GetAsync($"k{i}", () => Task.FromResult(Result(big)), CancellationToken.None);
        }

        Assert.InRange(cache.Count, 1, 7);
    }

    [Fact]
    public async Task A_wait_that_is_cancelled_leaves_the_evaluation_to_finish_into_the_cache()
    {
        using var cache = new ResultCache(TimeSpan.FromMinutes(1), 1 << 20);
        var gate = new TaskCompletionSource();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.GetAsync("k", async () => { await gate.Task; return Result(); }, cts.Token));
        gate.SetResult();
        var result = await cache.GetAsync("k", () => throw new InvalidOperationException("not evaluated again"), CancellationToken.None);
        Assert.True(result.Passed);
        Assert.Equal(1, cache.Evaluations);
    }
}
