using System.Text.Json;
using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>RFC 6962 reference tree roots for sizes 1..8 and the empty tree (TestData/merkle/reference-tree-roots.json).</summary>
public sealed class ReferenceRootTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "merkle", "reference-tree-roots.json"))).RootElement;

    [Fact]
    public void Roots_of_sizes_1_to_8_match_reference_by_every_route()
    {
        var leaves = Reference.GetProperty("leavesHex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!)).ToArray();
        var roots = Reference.GetProperty("rootsHex").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(8, leaves.Length);
        Assert.Equal(8, roots.Length);

        var leafHashes = leaves.Select(l => Rfc6962.HashLeaf(l)).ToArray();
        var range = new CompactRange();
        for (var size = 1; size <= 8; size++)
        {
            range.Append(leafHashes[size - 1]);
            var concatenated = leafHashes.Take(size).SelectMany(h => h).ToArray();
            Assert.Equal(roots[size - 1], Convert.ToHexStringLower(MerkleTree.ComputeRoot(concatenated)));
            Assert.Equal(roots[size - 1], Convert.ToHexStringLower(range.GetRootHash()));
            Assert.Equal(roots[size - 1], Convert.ToHexStringLower(ReferenceMerkle.Mth(leafHashes, 0, size)));
        }
    }

    [Fact]
    public void Empty_tree_root_is_sha256_of_nothing()
    {
        var expected = Reference.GetProperty("emptyTreeRootHex").GetString();
        Assert.Equal(expected, Convert.ToHexStringLower(Rfc6962.EmptyRoot));
        Assert.Equal(expected, Convert.ToHexStringLower(MerkleTree.ComputeRoot([])));
        Assert.Equal(expected, Convert.ToHexStringLower(new CompactRange().GetRootHash()));
    }

    [Fact]
    public void Leaf_and_node_hashes_use_the_rfc_6962_prefixes()
    {
        Assert.Equal(ReferenceMerkle.Leaf([1, 2, 3]), Rfc6962.HashLeaf([1, 2, 3]));
        var big = new byte[5000];
        big[4999] = 7;
        Assert.Equal(ReferenceMerkle.Leaf(big), Rfc6962.HashLeaf(big));
        var l = Rfc6962.HashLeaf([1]);
        var r = Rfc6962.HashLeaf([2]);
        Assert.Equal(ReferenceMerkle.Node(l, r), Rfc6962.HashChildren(l, r));

        // The span overload may write over one of its inputs.
        var inPlace = (byte[])l.Clone();
        Rfc6962.HashChildren(inPlace, r, inPlace);
        Assert.Equal(ReferenceMerkle.Node(l, r), inPlace);
    }
}
