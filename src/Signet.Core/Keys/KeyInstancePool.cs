using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Signet.Core.Keys;

/// <summary>
/// Instances of one public key for concurrent verification. .NET documents no thread safety for the members of an
/// <see cref="ECDsa"/> or <see cref="RSA"/> object, so each verification rents an instance of its own instead of
/// taking a lock: a log server verifies the same cached signer key from many requests at once, and a lock there
/// made the requests queue and spin (bench/Signet.LogLoad, dotnet-trace). The first instance is the one imported;
/// another is imported from the SPKI only when verifications overlap, and at most <see cref="MaxIdle"/> are kept.
/// </summary>
internal sealed class KeyInstancePool<T>
    where T : AsymmetricAlgorithm
{
    private const int MaxIdle = 16;
    private readonly ConcurrentQueue<T> _idle = new();
    private readonly Func<T> _importAnother;
    private int _idleCount;

    public KeyInstancePool(T first, Func<T> importAnother)
    {
        _importAnother = importAnother;
        _idle.Enqueue(first);
        _idleCount = 1;
    }

    /// <summary>An instance for the scope of a <c>using</c>: given back when the lease is disposed.</summary>
    public Lease Borrow() => new(this, Rent());

    /// <summary>An instance no other caller holds until it is given back with <see cref="Return"/>.</summary>
    public T Rent()
    {
        if (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        return _importAnother();
    }

    public void Return(T instance)
    {
        if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Enqueue(instance);
            return;
        }

        Interlocked.Decrement(ref _idleCount);
        instance.Dispose();
    }

    /// <summary>
    /// Disposes the idle instances now rather than at finalization (for a key that served its purpose). The pool stays
    /// usable: a later <see cref="Rent"/> imports another instance.
    /// </summary>
    public void DisposeIdle()
    {
        while (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            idle.Dispose();
        }
    }

    /// <summary>One borrowed instance; disposing it gives the instance back to the pool.</summary>
    public readonly ref struct Lease(KeyInstancePool<T> pool, T key)
    {
        public T Key { get; } = key;

        public void Dispose() => pool.Return(Key);
    }
}
