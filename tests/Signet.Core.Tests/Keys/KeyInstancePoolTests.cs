using System.Security.Cryptography;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

public sealed class KeyInstancePoolTests
{
    [Fact]
    public void Instances_held_at_the_same_time_are_distinct_and_given_back_ones_are_reused()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var imported = 0;
        var pool = new KeyInstancePool<ECDsa>(first, () =>
        {
            imported++;
            return ECDsa.Create(ECCurve.NamedCurves.nistP256);
        });

        var a = pool.Rent();
        var b = pool.Rent();
        Assert.Same(first, a);
        Assert.NotSame(a, b);
        Assert.Equal(1, imported);
        pool.Return(b);
        pool.Return(a);
        var held = Enumerable.Range(0, 2).Select(_ => pool.Rent()).ToList();
        Assert.Equal(1, imported); // both came back from the idle set
        Assert.Equal(2, held.Distinct().Count());
    }

    [Fact]
    public void A_lease_gives_its_instance_back_when_disposed()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pool = new KeyInstancePool<ECDsa>(first, () => throw new InvalidOperationException("no import expected"));
        using (var lease = pool.Borrow())
        {
            Assert.Same(first, lease.Key);
        }

        using var again = pool.Borrow(); // would import (and throw) had the first lease not given it back
        Assert.Same(first, again.Key);
    }

    [Fact]
    public void At_most_sixteen_idle_instances_are_kept_and_the_rest_are_disposed()
    {
        var made = new List<ECDsa>();
        var pool = new KeyInstancePool<ECDsa>(ECDsa.Create(ECCurve.NamedCurves.nistP256), () =>
        {
            var e = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            made.Add(e);
            return e;
        });

        var held = Enumerable.Range(0, 20).Select(_ => pool.Rent()).ToList();
        held.ForEach(pool.Return);
        var disposed = made.Count(e => Throws(() => e.ExportParameters(false)));
        Assert.Equal(4, disposed); // 20 given back, 16 kept
        var again = Enumerable.Range(0, 16).Select(_ => pool.Rent()).ToList();
        Assert.Equal(19, made.Count); // the 16 idle ones served without importing
        Assert.All(again, e => Assert.False(Throws(() => e.ExportParameters(false))));
    }

    [Fact]
    public void One_key_verifies_correctly_from_many_threads_at_once()
    {
        using var signer = SigningKey.GenerateEcdsaP256();
        var key = signer.PublicKey;
        var messages = Enumerable.Range(0, 64).Select(i => System.Text.Encoding.UTF8.GetBytes($"message {i}")).ToArray();
        var signatures = messages.Select(m => signer.Sign(m)).ToArray();
        var results = new bool[messages.Length * 2];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var n = i % messages.Length;
            // Odd slots check a signature against the wrong message: it must not verify.
            var message = i < messages.Length ? messages[n] : messages[(n + 1) % messages.Length];
            results[i] = key.Verify(message, signatures[n]);
        });
        Assert.All(results.Take(messages.Length), Assert.True);
        Assert.All(results.Skip(messages.Length), Assert.False);
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
