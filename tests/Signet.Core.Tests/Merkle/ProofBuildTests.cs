using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>
/// Proofs built from a node source by the production index maths equal RFC 6962's recursive PATH and PROOF
/// definitions, for every index and every pair of sizes of small trees, and they verify.
/// </summary>
public sealed class ProofBuildTests
{
    private const int MaxSize = 70;
    private static readonly TestTree Tree = new(MaxSize);

    [Fact]
    public void Inclusion_proofs_equal_rfc6962_path_for_every_leaf_of_every_size_to_70()
    {
        var checkedProofs = 0;
        for (var size = 1; size <= MaxSize; size++)
        {
            var root = Tree.Root(size);
            for (var index = 0; index < size; index++)
            {
                var proof = InclusionProof.Build((ulong)index, (ulong)size, Tree);
                var expected = ReferenceMerkle.Path(index, Tree.Leaves, 0, size);
                Assert.Equal(expected, proof);
                InclusionProof.Verify((ulong)index, (ulong)size, Tree.Leaves[index], proof, root);
                checkedProofs++;
            }
        }

        Assert.Equal(MaxSize * (MaxSize + 1) / 2, checkedProofs);
    }

    [Fact]
    public void Consistency_proofs_equal_rfc6962_proof_for_every_pair_of_sizes_to_70()
    {
        var checkedProofs = 0;
        for (var size2 = 1; size2 <= MaxSize; size2++)
        {
            var root2 = Tree.Root(size2);
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var proof = ConsistencyProof.Build((ulong)size1, (ulong)size2, Tree);
                var expected = ReferenceMerkle.Proof(size1, Tree.Leaves, size2);
                Assert.Equal(expected, proof);
                ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, Tree.Root(size1), root2);
                checkedProofs++;
            }
        }

        Assert.Equal(MaxSize * (MaxSize + 1) / 2, checkedProofs);
    }

    [Fact]
    public void Root_from_stored_nodes_matches_mth()
    {
        for (var size = 0; size <= MaxSize; size++)
        {
            Assert.Equal(Tree.Root(size), MerkleTree.RootFromNodes((ulong)size, Tree));
        }
    }

    [Fact]
    public void Proof_node_ids_are_complete_subtrees_inside_the_tree()
    {
        for (ulong size = 1; size <= MaxSize; size++)
        {
            for (ulong index = 0; index < size; index++)
            {
                var nodes = ProofNodes.Inclusion(index, size);
                Assert.All(nodes.Ids, id => Assert.True(id.End <= size, $"{id} beyond {size}"));
                Assert.InRange(nodes.EphemeralBegin, 0, nodes.Ids.Count);
                Assert.InRange(nodes.EphemeralEnd, nodes.EphemeralBegin, nodes.Ids.Count);
            }
        }
    }

    [Fact]
    public void Known_node_ids_for_inclusion_of_leaf_2_in_a_tree_of_7()
    {
        // Tree of 7: path of leaf 2 = leaf 3, node (1,0) = leaves 0-1, then the ephemeral right part [4,7) =
        // (1,2) over leaves 4-5 and leaf 6, rehashed into one hash.
        var nodes = ProofNodes.Inclusion(2, 7);
        Assert.Equal([new NodeId(0, 3), new NodeId(1, 0), new NodeId(0, 6), new NodeId(1, 2)], nodes.Ids);
        Assert.Equal(2, nodes.EphemeralBegin);
        Assert.Equal(4, nodes.EphemeralEnd);
        Assert.Equal(3, InclusionProof.Build(2, 7, Tree).Count);
    }
}
