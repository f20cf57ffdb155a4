using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>
/// <see cref="InclusionProof.LeftFrontier"/>: the left siblings of leaf i's inclusion proof are the compact range of
/// leaves [0, i) — for every leaf of every tree size to 70, the frontier equals the one made by appending the leaves, and
/// appending the rest of the leaves to it gives the tree's root.
/// </summary>
public sealed class LeftFrontierTests
{
    private const int MaxSize = 70;
    private static readonly TestTree Tree = new(MaxSize, salt: 7);

    [Fact]
    public void The_frontier_from_a_proof_equals_the_appended_one_and_completes_to_the_root()
    {
        for (var size = 1; size <= MaxSize; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = InclusionProof.Build((ulong)index, (ulong)size, Tree);
                var frontier = InclusionProof.LeftFrontier((ulong)index, (ulong)size, proof);

                var appended = new CompactRange();
                for (var i = 0; i < index; i++)
                {
                    appended.Append(Tree.Leaves[i]);
                }

                Assert.Equal(appended.Hashes, frontier.Hashes);
                for (var i = index; i < size; i++)
                {
                    frontier.Append(Tree.Leaves[i]);
                }

                Assert.Equal(Tree.Root(size), frontier.GetRootHash());
            }
        }
    }

    [Fact]
    public void A_proof_of_the_wrong_length_or_an_index_outside_the_tree_is_refused()
    {
        var proof = InclusionProof.Build(5, 9, Tree);
        Assert.Throws<MerkleProofException>(() => InclusionProof.LeftFrontier(5, 9, proof.Take(proof.Count - 1).ToList()));
        Assert.Throws<SignetFormatException>(() => InclusionProof.LeftFrontier(9, 9, proof));
    }
}
