using System.Collections.Concurrent;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Signers seen recently, by the exact bytes of their key or certificate. Importing a key costs about twice as much
/// as verifying one signature with it (OpenSSL 3 key construction), and a signer often logs many entries (a CI key,
/// a certificate used for several artifacts), so a repeated signer skips the import. Only successfully parsed
/// signers are kept; a <see cref="SignerIdentity"/> is immutable and its key verifies concurrently. Bounded: when
/// full it starts over.
/// </summary>
internal static class SignerCache
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, SignerIdentity> Signers = new(StringComparer.Ordinal);

    public static SignerIdentity GetOrAdd(char kind, byte[] der, Func<SignerIdentity> parse)
    {
        var key = kind + Convert.ToBase64String(der);
        if (Signers.TryGetValue(key, out var known))
        {
            return known;
        }

        var signer = parse();
        if (Signers.Count >= Capacity)
        {
            Signers.Clear();
        }

        Signers[key] = signer;
        return signer;
    }
}
