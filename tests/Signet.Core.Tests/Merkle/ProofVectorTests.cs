using System.Text.Json;
using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>
/// Every inclusion and consistency vector of transparency-dev/merkle (TestData/merkle, see its README).
/// The counts are asserted so that a vector silently skipped fails the build.
/// </summary>
public sealed class ProofVectorTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "merkle");

    // The one valid-labelled vector we refuse on purpose: its "roots" are 12-byte strings ("don't care 2").
    // Signet requires every hash to be 32 bytes (SignetFormatException), also when the sizes are equal.
    private const string NonHashRootsVector = "sizes-are-equal-one-and-proof-is-empty.json";

    [Fact]
    public void Every_inclusion_vector_behaves_as_labelled()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "inclusion"), "*.json", SearchOption.AllDirectories);
        int valid = 0, invalid = 0, format = 0, mismatch = 0;
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var v = doc.RootElement;
            var index = v.GetProperty("leafIdx").GetUInt64();
            var size = v.GetProperty("treeSize").GetUInt64();
            var root = v.GetProperty("root").GetBytesFromBase64();
            var leaf = v.GetProperty("leafHash").GetBytesFromBase64();
            var proof = ReadProof(v);
            var wantErr = v.GetProperty("wantErr").GetBoolean();
            if (!wantErr)
            {
                InclusionProof.Verify(index, size, leaf, proof, root);
                Assert.True(ReferenceMerkle.VerifyInclusion(index, size, leaf, proof, root), file);
                valid++;
                continue;
            }

            var ex = Record.Exception(() => InclusionProof.Verify(index, size, leaf, proof, root));
            Assert.True(ex is MerkleProofException or SignetFormatException, $"{file}: {ex?.GetType().Name ?? "accepted"}");
            format += ex is SignetFormatException ? 1 : 0;
            mismatch += ex is MerkleProofException ? 1 : 0;
            invalid++;
        }

        Assert.Equal(98, files.Length);
        Assert.Equal(6, valid);
        Assert.Equal(92, invalid);
        Assert.Equal(92, format + mismatch);
        Assert.True(mismatch > 40, $"only {mismatch} vectors reached the hash comparison");
    }

    [Fact]
    public void Every_consistency_vector_behaves_as_labelled()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "consistency"), "*.json", SearchOption.AllDirectories);
        int valid = 0, invalid = 0, refusedValid = 0, format = 0, mismatch = 0;
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var v = doc.RootElement;
            var size1 = v.GetProperty("size1").GetUInt64();
            var size2 = v.GetProperty("size2").GetUInt64();
            var root1 = v.GetProperty("root1").GetBytesFromBase64();
            var root2 = v.GetProperty("root2").GetBytesFromBase64();
            var proof = ReadProof(v);
            var wantErr = v.GetProperty("wantErr").GetBoolean();
            if (!wantErr && Path.GetFileName(file) == NonHashRootsVector)
            {
                Assert.Equal(12, root1.Length);
                Assert.Throws<SignetFormatException>(() => ConsistencyProof.Verify(size1, size2, proof, root1, root2));
                refusedValid++;
                continue;
            }

            if (!wantErr)
            {
                ConsistencyProof.Verify(size1, size2, proof, root1, root2);
                Assert.True(ReferenceMerkle.VerifyConsistency(size1, size2, proof, root1, root2), file);
                valid++;
                continue;
            }

            var ex = Record.Exception(() => ConsistencyProof.Verify(size1, size2, proof, root1, root2));
            Assert.True(ex is MerkleProofException or SignetFormatException, $"{file}: {ex?.GetType().Name ?? "accepted"}");
            format += ex is SignetFormatException ? 1 : 0;
            mismatch += ex is MerkleProofException ? 1 : 0;
            invalid++;
        }

        Assert.Equal(98, files.Length);
        Assert.Equal(5, valid);
        Assert.Equal(1, refusedValid);
        Assert.Equal(92, invalid);
        Assert.Equal(92, format + mismatch);
        Assert.True(mismatch > 40, $"only {mismatch} vectors reached the hash comparison");
    }

    private static List<byte[]> ReadProof(JsonElement v)
    {
        var proof = new List<byte[]>();
        var p = v.GetProperty("proof");
        if (p.ValueKind == JsonValueKind.Array)
        {
            foreach (var h in p.EnumerateArray())
            {
                proof.Add(h.GetBytesFromBase64());
            }
        }

        return proof;
    }
}
