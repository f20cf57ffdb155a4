using System.Security.Cryptography;

namespace Signet.Core.Tests.Merkle;

/// <summary>
/// Test oracle: RFC 6962 §2.1 written as literally as possible (recursive MTH, PATH, PROOF/SUBPROOF), and
/// RFC 9162 §2.1.3.2 / §2.1.4.2 verification algorithms transcribed step by step. Independent of the production
/// code, which uses bit decompositions and a compact frontier instead.
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] Leaf(ReadOnlySpan<byte> data) => SHA256.HashData([0x00, .. data]);

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>The largest power of two smaller than n (n &gt; 1).</summary>
    public static int SplitPoint(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    /// <summary>RFC 6962 §2.1: MTH over leaf hashes.</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> leafHashes, int begin, int end)
    {
        var n = end - begin;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leafHashes[begin];
        }

        var k = SplitPoint(n);
        return Node(Mth(leafHashes, begin, begin + k), Mth(leafHashes, begin + k, end));
    }

    /// <summary>RFC 6962 §2.1.1: PATH(m, D[n]).</summary>
    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> leaves, int begin, int end)
    {
        var n = end - begin;
        if (n == 1)
        {
            return [];
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            var path = Path(m, leaves, begin, begin + k);
            path.Add(Mth(leaves, begin + k, end));
            return path;
        }

        var right = Path(m - k, leaves, begin + k, end);
        right.Add(Mth(leaves, begin, begin + k));
        return right;
    }

    /// <summary>RFC 6962 §2.1.2: PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> leaves, int n) => SubProof(m, leaves, 0, n, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> leaves, int begin, int end, bool b)
    {
        var n = end - begin;
        if (m == n)
        {
            return b ? [] : [Mth(leaves, begin, end)];
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            var proof = SubProof(m, leaves, begin, begin + k, b);
            proof.Add(Mth(leaves, begin + k, end));
            return proof;
        }

        var rest = SubProof(m - k, leaves, begin + k, end, false);
        rest.Add(Mth(leaves, begin, begin + k));
        return rest;
    }

    /// <summary>RFC 9162 §2.1.3.2, step by step. True iff the proof verifies.</summary>
    public static bool VerifyInclusion(ulong index, ulong size, byte[] leafHash, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (index >= size)
        {
            return false;
        }

        ulong fn = index, sn = size - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2, step by step (equal sizes: empty proof and equal roots). True iff it verifies.</summary>
    public static bool VerifyConsistency(ulong first, ulong second, IReadOnlyList<byte[]> proof, byte[] firstHash, byte[] secondHash)
    {
        if (first > second || (first == 0 && second != 0))
        {
            return false;
        }

        if (first == second)
        {
            return proof.Count == 0 && firstHash.AsSpan().SequenceEqual(secondHash);
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof);
        if ((first & (first - 1)) == 0)
        {
            path.Insert(0, firstHash);
        }

        ulong fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        byte[] fr = path[0], sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }
}
