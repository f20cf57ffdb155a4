using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Signet.Core.Merkle;

namespace Signet.Benchmarks.Merkle;

/// <summary>
/// Root over 1,000,000 leaves (leaf hashing + MerkleTree.ComputeRoot) against the same work as bare SHA-256:
/// 1,000,000 hashes of 33-byte inputs (0x00 || 32-byte entry) and 999,999 of 65-byte inputs (0x01 || l || r).
/// Goal: ratio ≤ 1.3 and no allocation per node (only the 32-byte result).
/// </summary>
[MemoryDiagnoser]
public class MerkleRootBenchmarks
{
    private const int Leaves = 1_000_000;
    private byte[] _entries = [];
    private byte[] _leafHashes = [];

    [GlobalSetup]
    public void Setup()
    {
        _entries = new byte[Leaves * 32];
        new Random(42).NextBytes(_entries);
        _leafHashes = new byte[Leaves * 32];
    }

    [Benchmark(Baseline = true, Description = "SHA-256 only: 1M×33 B + 1M×65 B")]
    public byte[] Sha256Loop()
    {
        Span<byte> leafInput = stackalloc byte[33];
        Span<byte> nodeInput = stackalloc byte[65];
        Span<byte> output = stackalloc byte[32];
        for (var i = 0; i < Leaves; i++)
        {
            _entries.AsSpan(i * 32, 32).CopyTo(leafInput[1..]);
            SHA256.HashData(leafInput, output);
        }

        for (var i = 0; i < Leaves - 1; i++)
        {
            output.CopyTo(nodeInput[1..]);
            SHA256.HashData(nodeInput, output);
        }

        return output.ToArray();
    }

    [Benchmark(Description = "Merkle root of 1M leaves (leaf hashes + tree)")]
    public byte[] MerkleRoot()
    {
        for (var i = 0; i < Leaves; i++)
        {
            Rfc6962.HashLeaf(_entries.AsSpan(i * 32, 32), _leafHashes.AsSpan(i * 32, 32));
        }

        return MerkleTree.ComputeRoot(_leafHashes);
    }
}
