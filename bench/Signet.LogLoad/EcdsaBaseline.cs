using System.Diagnostics;
using Signet.Core.Keys;

namespace Signet.LogLoad;

/// <summary>The yardstick every figure is quoted against: ECDSA P-256 signature verifications per second on one
/// thread of this machine, measured in the same run (the log verifies one per entry).</summary>
internal static class EcdsaBaseline
{
    public static double VerifiesPerSecond()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var data = new byte[64];
        var sigs = Enumerable.Range(0, 256).Select(i => { data[0] = (byte)i; return (data.ToArray(), key.Sign(data)); }).ToArray();
        var pub = key.PublicKey;
        for (var i = 0; i < 200; i++)
        {
            pub.Verify(sigs[i % 256].Item1, sigs[i % 256].Item2);
        }

        var sw = Stopwatch.StartNew();
        var n = 0;
        while (sw.Elapsed < TimeSpan.FromSeconds(2))
        {
            var (d, s) = sigs[n % 256];
            if (!pub.Verify(d, s))
            {
                throw new InvalidOperationException("baseline signature did not verify");
            }

            n++;
        }

        return n / sw.Elapsed.TotalSeconds;
    }
}
