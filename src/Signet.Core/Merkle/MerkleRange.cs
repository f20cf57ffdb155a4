using System.Numerics;

namespace Signet.Core.Merkle;

/// <summary>
/// Index maths of leaf ranges: every range [begin, end) splits into a minimal list of perfect subtrees
/// (the nodes a compact range keeps). Pure arithmetic, no hashing.
/// </summary>
public static class MerkleRange
{
    /// <summary>
    /// Splits [begin, end) into perfect subtrees, returned as two bit masks: bit k of <c>left</c> is a subtree of
    /// size 2^k on the left part (taken from low to high levels), bit k of <c>right</c> a subtree of size 2^k on
    /// the right part (taken from high to low levels). Requires begin ≤ end.
    /// </summary>
    public static (ulong Left, ulong Right) Decompose(ulong begin, ulong end)
    {
        if (begin > end)
        {
            throw new ArgumentOutOfRangeException(nameof(begin), $"range begin {begin} is after its end {end}");
        }

        if (begin == 0)
        {
            return (0, end);
        }

        // Leaves begin-1 and end part ways at bit d; nodes strictly below that bit lie inside the range:
        // right of the path to begin-1 (its zero bits) and left of the path to end (its one bits).
        var beforeBegin = begin - 1;
        var d = BitLength(beforeBegin ^ end) - 1;
        var mask = (1UL << d) - 1;
        return (~beforeBegin & mask, end & mask);
    }

    /// <summary>Number of perfect subtrees covering [begin, end).</summary>
    public static int Size(ulong begin, ulong end)
    {
        var (left, right) = Decompose(begin, end);
        return BitOperations.PopCount(left) + BitOperations.PopCount(right);
    }

    /// <summary>The perfect subtrees covering [begin, end), ordered left to right.</summary>
    public static IReadOnlyList<NodeId> Nodes(ulong begin, ulong end)
    {
        var nodes = new List<NodeId>(Size(begin, end));
        AppendNodes(begin, end, nodes);
        return nodes;
    }

    internal static void AppendNodes(ulong begin, ulong end, List<NodeId> nodes)
    {
        var (left, right) = Decompose(begin, end);
        var position = begin;
        while (left != 0)
        {
            // Left border: smaller subtrees first.
            var level = BitOperations.TrailingZeroCount(left);
            nodes.Add(new NodeId(level, position >> level));
            position += 1UL << level;
            left &= left - 1;
        }

        while (right != 0)
        {
            // Right border: larger subtrees first.
            var level = BitLength(right) - 1;
            nodes.Add(new NodeId(level, position >> level));
            position += 1UL << level;
            right ^= 1UL << level;
        }
    }

    /// <summary>Number of significant bits of <paramref name="value"/> (0 for 0).</summary>
    internal static int BitLength(ulong value) => 64 - BitOperations.LeadingZeroCount(value);
}
