using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>Absurd shapes are refused up front with <see cref="SignetFormatException"/> naming what was wrong.</summary>
public sealed class BadInputTests
{
    private static readonly byte[] Hash = new byte[32];
    private static readonly List<byte[]> NoProof = [];

    public static TheoryData<string, Action> Cases => new()
    {
        { "tree size", () => InclusionProof.Verify(0, 1UL << 63, Hash, NoProof, Hash) },
        { "tree size", () => InclusionProof.Verify(0, ulong.MaxValue, Hash, NoProof, Hash) },
        { "leaf index", () => InclusionProof.Verify(5, 5, Hash, NoProof, Hash) },
        { "leaf index", () => InclusionProof.Verify(ulong.MaxValue, 5, Hash, NoProof, Hash) },
        { "leaf index", () => InclusionProof.Verify(0, 0, Hash, NoProof, Hash) },
        { "leaf hash", () => InclusionProof.Verify(0, 1, new byte[31], NoProof, Hash) },
        { "leaf hash", () => InclusionProof.Verify(0, 1, [], NoProof, Hash) },
        { "root", () => InclusionProof.Verify(0, 1, Hash, NoProof, new byte[33]) },
        { "65 hashes", () => InclusionProof.Verify(0, 2, Hash, Enumerable.Repeat(Hash, 65).ToList(), Hash) },
        { "proof hash 1", () => InclusionProof.Verify(0, 4, Hash, [Hash, new byte[16]], Hash) },
        { "proof hash 0 is missing", () => InclusionProof.Verify(0, 2, Hash, [null!], Hash) },
        { "proof is missing", () => InclusionProof.Verify(0, 2, Hash, null!, Hash) },
        { "tree size", () => ConsistencyProof.Verify(1, 1UL << 63, [Hash], Hash, Hash) },
        { "tree size", () => ConsistencyProof.Verify(1UL << 63, 1UL << 63, NoProof, Hash, Hash) },
        { "larger than second size", () => ConsistencyProof.Verify(9, 8, [Hash], Hash, Hash) },
        { "empty tree", () => ConsistencyProof.Verify(0, 8, [Hash], Hash, Hash) },
        { "first root", () => ConsistencyProof.Verify(1, 2, [Hash], new byte[31], Hash) },
        { "second root", () => ConsistencyProof.Verify(1, 2, [Hash], Hash, new byte[64]) },
        { "65 hashes", () => ConsistencyProof.Verify(3, 8, Enumerable.Repeat(Hash, 65).ToList(), Hash, Hash) },
        { "leaf index", () => ProofNodes.Inclusion(8, 8) },
        { "tree size", () => ProofNodes.Inclusion(0, ulong.MaxValue) },
        { "larger than second size", () => ProofNodes.Consistency(3, 2) },
        { "empty tree", () => ProofNodes.Consistency(0, 2) },
        { "tree size", () => ProofNodes.Consistency(1, 1UL << 63) },
        { "multiple of 32", () => MerkleTree.ComputeRoot(new byte[33]) },
        { "tree size", () => MerkleTree.RootFromNodes(1UL << 63, new TestTree(1)) },
        { "2 hashes for 4 nodes", () => ProofNodes.Inclusion(2, 7).Rehash([Hash, Hash]) },
        { "hash of node", () => ProofNodes.Inclusion(2, 7).Rehash([Hash, Hash, Hash, new byte[3]]) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Absurd_input_is_a_format_error_naming_the_problem(string expected, Action action)
    {
        var ex = Assert.Throws<SignetFormatException>(action);
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Largest_legal_tree_size_is_accepted_as_a_shape()
    {
        const ulong size = (1UL << 63) - 1;
        var nodes = ProofNodes.Inclusion(size - 1, size);
        Assert.Equal(62, nodes.Ids.Count); // 63 perfect subtrees cover 2^63 - 1 leaves; the leaf is one of them
        var proof = Enumerable.Repeat(Hash, 62).ToList();
        Assert.Throws<MerkleProofException>(() => InclusionProof.Verify(size - 1, size, Hash, proof, Hash));
        var consistency = ProofNodes.Consistency(size - 1, size);
        Assert.NotEmpty(consistency.Ids);
    }

    [Fact]
    public void Wrong_proof_length_is_a_verification_failure()
    {
        var ex = Assert.Throws<MerkleProofException>(() => InclusionProof.Verify(0, 8, Hash, [Hash, Hash], Hash));
        Assert.Contains("needs 3 hashes", ex.Message);
        Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(3, 8, NoProof, Hash, Hash));
        Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(8, 8, [Hash], Hash, Hash));
        Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(0, 0, NoProof, Hash, Hash)); // not the empty root
        ConsistencyProof.Verify(0, 0, NoProof, Rfc6962.EmptyRoot, Rfc6962.EmptyRoot);
    }
}
