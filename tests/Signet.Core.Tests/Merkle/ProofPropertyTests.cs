using FsCheck.Xunit;
using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>
/// FsCheck properties over random trees of up to 3,000 leaves: every proof built from a real tree verifies, and
/// one flipped bit in a proof hash, a root, the leaf or the index is rejected. A flipped tree size is rejected
/// exactly when the literal RFC 9162 algorithm rejects it: both algorithms see the size only through the shape of
/// the path, so a size with the same path shape (e.g. leaf 0 of 5 vs. of 7) still leads to the same root. The
/// size is bound to the root by the signed checkpoint, not by the proof.
/// </summary>
public sealed class ProofPropertyTests
{
    private const int MaxSize = 3000;
    private static readonly TestTree Tree = new(MaxSize, salt: 11);
    private static readonly object Gate = new();

    [Property(MaxTest = 150, EndSize = 2 * MaxSize)]
    public void Inclusion_proofs_verify_and_every_one_bit_change_is_rejected(int sizeSeed, int indexSeed, int bitSeed)
    {
        var size = (ulong)(1 + ((uint)sizeSeed % MaxSize));
        var index = (ulong)((uint)indexSeed % size);
        var random = new Random(bitSeed);
        IReadOnlyList<byte[]> proof;
        byte[] root;
        lock (Gate)
        {
            proof = InclusionProof.Build(index, size, Tree);
            root = Tree.Root((int)size);
        }

        var leaf = Tree.Leaves[(int)index];
        InclusionProof.Verify(index, size, leaf, proof, root);
        Assert.Equal(proof, ReferenceMerkle.Path((int)index, Tree.Leaves, 0, (int)size));

        for (var i = 0; i < proof.Count; i++)
        {
            var mutated = proof.Select(h => (byte[])h.Clone()).ToList();
            FlipBit(mutated[i], random);
            Assert.Throws<MerkleProofException>(() => InclusionProof.Verify(index, size, leaf, mutated, root));
        }

        var badRoot = (byte[])root.Clone();
        FlipBit(badRoot, random);
        Assert.Throws<MerkleProofException>(() => InclusionProof.Verify(index, size, leaf, proof, badRoot));

        var badLeaf = (byte[])leaf.Clone();
        FlipBit(badLeaf, random);
        Assert.Throws<MerkleProofException>(() => InclusionProof.Verify(index, size, badLeaf, proof, root));

        var badIndex = index ^ (1UL << random.Next(64));
        AssertRejected(() => InclusionProof.Verify(badIndex, size, leaf, proof, root));

        var badSize = size ^ (1UL << random.Next(64));
        var oracle = ReferenceMerkle.VerifyInclusion(index, badSize, leaf, proof, root);
        var ex = Record.Exception(() => InclusionProof.Verify(index, badSize, leaf, proof, root));
        Assert.Equal(oracle, ex is null);
        Assert.True(ex is null or MerkleProofException or SignetFormatException, ex?.ToString());
    }

    [Property(MaxTest = 150, EndSize = 2 * MaxSize)]
    public void Consistency_proofs_verify_and_every_one_bit_change_is_rejected(int size2Seed, int size1Seed, int bitSeed)
    {
        var size2 = (ulong)(1 + ((uint)size2Seed % MaxSize));
        var size1 = (ulong)(1 + ((uint)size1Seed % size2));
        var random = new Random(bitSeed);
        IReadOnlyList<byte[]> proof;
        byte[] root1, root2;
        lock (Gate)
        {
            proof = ConsistencyProof.Build(size1, size2, Tree);
            root1 = Tree.Root((int)size1);
            root2 = Tree.Root((int)size2);
        }

        ConsistencyProof.Verify(size1, size2, proof, root1, root2);
        Assert.Equal(proof, ReferenceMerkle.Proof((int)size1, Tree.Leaves, (int)size2));
        Assert.Equal(root2, ConsistencyProof.RootFromProof(size1, size2, proof, root1));

        for (var i = 0; i < proof.Count; i++)
        {
            var mutated = proof.Select(h => (byte[])h.Clone()).ToList();
            FlipBit(mutated[i], random);
            Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(size1, size2, mutated, root1, root2));
        }

        var badRoot1 = (byte[])root1.Clone();
        FlipBit(badRoot1, random);
        Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(size1, size2, proof, badRoot1, root2));

        var badRoot2 = (byte[])root2.Clone();
        FlipBit(badRoot2, random);
        Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(size1, size2, proof, root1, badRoot2));

        var badSize1 = size1 ^ (1UL << random.Next(64));
        var badSize2 = size2 ^ (1UL << random.Next(64));
        foreach (var (s1, s2) in new[] { (badSize1, size2), (size1, badSize2) })
        {
            var oracle = ReferenceMerkle.VerifyConsistency(s1, s2, proof, root1, root2);
            var ex = Record.Exception(() => ConsistencyProof.Verify(s1, s2, proof, root1, root2));
            Assert.True(ex is null or MerkleProofException or SignetFormatException, ex?.ToString());
            Assert.True(oracle == (ex is null), $"sizes {s1}→{s2} (from {size1}→{size2}): RFC 9162 says {oracle}, Signet threw {ex?.GetType().Name}");
        }
    }

    [Property(MaxTest = 300)]
    public void Absurd_proof_shapes_never_escape_as_anything_but_the_two_proof_exceptions(int seed)
    {
        var random = new Random(seed);
        ulong[] edges = [0, 1, 2, 7, 4096, ProofLimitsMax - 1, ProofLimitsMax, ProofLimitsMax + 1, ulong.MaxValue - 1, ulong.MaxValue];
        ulong Pick() => random.Next(3) switch
        {
            0 => edges[random.Next(edges.Length)],
            1 => (ulong)random.Next(5000),
            _ => (ulong)random.NextInt64() * 2 + (ulong)random.Next(2),
        };

        var proof = Enumerable.Range(0, random.Next(70))
            .Select(_ => new byte[random.Next(5) == 0 ? random.Next(40) : 32]).ToList();
        var hash = new byte[random.Next(4) == 0 ? random.Next(40) : 32];
        var a = Pick();
        var b = Pick();
        foreach (var action in new Action[]
        {
            () => InclusionProof.Verify(a, b, hash, proof, hash),
            () => ConsistencyProof.Verify(a, b, proof, hash, hash),
            () => ProofNodes.Inclusion(a, b),
            () => ProofNodes.Consistency(a, b),
        })
        {
            var ex = Record.Exception(action);
            Assert.True(ex is null or MerkleProofException or SignetFormatException, ex?.ToString());
        }
    }

    private const ulong ProofLimitsMax = 1UL << 63;

    private static void AssertRejected(Action verify)
    {
        var ex = Record.Exception(verify);
        Assert.True(ex is MerkleProofException or SignetFormatException, ex?.ToString() ?? "accepted");
    }

    private static void FlipBit(byte[] hash, Random random)
    {
        var bit = random.Next(hash.Length * 8);
        hash[bit / 8] ^= (byte)(1 << (bit % 8));
    }
}
