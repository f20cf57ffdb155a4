using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Signet.Policy.Policies;

namespace Signet.Admission.Verification;

/// <summary>
/// Policy results by image (repository and digest) and policy version, kept for a time-to-live within a memory
/// bound (an estimate of each result's size; the least recently used go first). Concurrent requests for the same key
/// share one evaluation (single flight). Only completed evaluations are kept: one that throws (a registry that cannot
/// be reached) is not cached, so the next review tries again.
/// </summary>
public sealed class ResultCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<PolicyResult>>> _inFlight = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private long _evaluations;

    /// <summary>A cache keeping results for <paramref name="ttl"/> (zero: keep none, still single-flight) within <paramref name="maxBytes"/>.</summary>
    public ResultCache(TimeSpan ttl, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1024);
        _ttl = ttl;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = maxBytes,
            CompactionPercentage = 0.25,
        });
    }

    /// <summary>How many evaluations ran (cache misses that were not joined to one in flight).</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>How many results are cached now.</summary>
    public int Count => _cache.Count;

    /// <summary>The key of <paramref name="policy"/>'s result for the image <paramref name="name"/>@<paramref name="digest"/>.</summary>
    public static string Key(string name, string digest, string policy, string version) => $"{name}@{digest}\n{policy}\n{version}";

    /// <summary>
    /// The cached result for <paramref name="key"/>, or the result of the evaluation in flight for it, or of a new one
    /// that <paramref name="evaluate"/> starts. <paramref name="cancellationToken"/> stops the wait, not the evaluation,
    /// whose result still lands in the cache for the next review.
    /// </summary>
    public async Task<PolicyResult> GetAsync(string key, Func<Task<PolicyResult>> evaluate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        if (_cache.TryGetValue(key, out PolicyResult? cached) && cached is not null)
        {
            return cached;
        }

        Lazy<Task<PolicyResult>>? mine = null;
        mine = new Lazy<Task<PolicyResult>>(() => RunAsync(key, evaluate, mine!));
        var flight = _inFlight.GetOrAdd(key, mine);
        return await flight.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops every cached result.</summary>
    public void Clear() => _cache.Clear();

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    private async Task<PolicyResult> RunAsync(string key, Func<Task<PolicyResult>> evaluate, Lazy<Task<PolicyResult>> self)
    {
        try
        {
            Interlocked.Increment(ref _evaluations);
            var result = await Task.Run(evaluate).ConfigureAwait(false);
            if (_ttl > TimeSpan.Zero)
            {
                _cache.Set(key, result, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = SizeOf(key, result) });
            }

            return result;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, self));
        }
    }

    // An estimate: the strings (UTF-16) and a fixed overhead per object.
    private static long SizeOf(string key, PolicyResult result) =>
        256 + (2L * (key.Length + result.Policy.Length + result.Target.Length))
        + result.Authorities.Sum(a => 128 + (2L * (a.Name.Length + a.Kind.Length + a.Detail.Length)));
}
