using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Signet.Core.Merkle;

namespace Signet.Benchmarks.Merkle;

/// <summary>
/// Inclusion- and consistency-proof verification in a tree of 1,000,000 leaves against bare SHA-256 over the same
/// number of 65-byte node inputs as the proof has hashes.
/// </summary>
[MemoryDiagnoser]
public class ProofVerifyBenchmarks
{
    private const ulong Size = 1_000_000;
    private const ulong Index = 123_457;
    private const ulong OldSize = 777_777;
    private byte[] _leaf = [];
    private byte[] _root = [];
    private byte[] _oldRoot = [];
    private IReadOnlyList<byte[]> _inclusion = [];
    private IReadOnlyList<byte[]> _consistency = [];

    [GlobalSetup]
    public void Setup()
    {
        var tree = new LevelTree((int)Size);
        _leaf = tree.GetNode(new NodeId(0, Index));
        _root = MerkleTree.RootFromNodes(Size, tree);
        _oldRoot = MerkleTree.RootFromNodes(OldSize, tree);
        _inclusion = InclusionProof.Build(Index, Size, tree);
        _consistency = ConsistencyProof.Build(OldSize, Size, tree);
        InclusionProof.Verify(Index, Size, _leaf, _inclusion, _root);
        ConsistencyProof.Verify(OldSize, Size, _consistency, _oldRoot, _root);
    }

    [Benchmark(Baseline = true, Description = "SHA-256 only: one 65 B hash per inclusion-proof hash")]
    public byte[] Sha256PerProofHash()
    {
        Span<byte> input = stackalloc byte[65];
        Span<byte> output = stackalloc byte[32];
        _leaf.CopyTo(output);
        foreach (var h in _inclusion)
        {
            output.CopyTo(input[1..]);
            h.CopyTo(input[33..]);
            SHA256.HashData(input, output);
        }

        return output.ToArray();
    }

    [Benchmark(Description = "InclusionProof.Verify (1M-leaf tree)")]
    public void VerifyInclusion() => InclusionProof.Verify(Index, Size, _leaf, _inclusion, _root);

    [Benchmark(Description = "ConsistencyProof.Verify 777,777 → 1M")]
    public void VerifyConsistency() => ConsistencyProof.Verify(OldSize, Size, _consistency, _oldRoot, _root);

    /// <summary>Every level of a tree of random leaves, kept as flat arrays: a node source for building proofs.</summary>
    private sealed class LevelTree : INodeSource
    {
        private readonly List<byte[]> _levels = [];

        public LevelTree(int size)
        {
            var level = new byte[size * 32];
            var random = new Random(7);
            var entry = new byte[32];
            for (var i = 0; i < size; i++)
            {
                random.NextBytes(entry);
                Rfc6962.HashLeaf(entry, level.AsSpan(i * 32, 32));
            }

            _levels.Add(level);
            while (level.Length >= 64)
            {
                var next = new byte[level.Length / 64 * 32];
                for (var i = 0; i < next.Length / 32; i++)
                {
                    Rfc6962.HashChildren(level.AsSpan(i * 64, 32), level.AsSpan((i * 64) + 32, 32), next.AsSpan(i * 32, 32));
                }

                _levels.Add(next);
                level = next;
            }
        }

        public byte[] GetNode(NodeId id) => _levels[id.Level].AsSpan(checked((int)id.Index * 32), 32).ToArray();
    }
}
