using System.Numerics;
using Signet.Core;

namespace Signet.Client.Keys;

/// <summary>scrypt's cost parameters (RFC 7914 §2): CPU/memory cost N, block size r, parallelism p.</summary>
public sealed record ScryptParameters(int N, int R, int P)
{
    /// <summary>
    /// Refuses costs an attacker could pick to exhaust the machine (go-securesystemslib checks its parameters for the
    /// same reason): N a power of two from 2^14 to 2^17 (its legacy, standard and OWASP sets), r = 8, p = 1.
    /// </summary>
    public void Check()
    {
        if (N is < 1 << 14 or > 1 << 17 || !BitOperations.IsPow2(N) || R != 8 || P != 1)
        {
            throw new SignetFormatException($"cosign key: scrypt parameters N={N}, r={R}, p={P} are outside the accepted set (N = 2^14..2^17, r = 8, p = 1)");
        }
    }
}
