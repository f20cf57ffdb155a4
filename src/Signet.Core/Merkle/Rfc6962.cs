using System.Buffers;
using System.Security.Cryptography;

namespace Signet.Core.Merkle;

/// <summary>
/// RFC 6962 §2.1 / RFC 9162 §2.1.1 Merkle tree hashing with SHA-256: a leaf hash is SHA-256(0x00 || data),
/// an interior node hash is SHA-256(0x01 || left || right). The span overloads never allocate.
/// </summary>
public static class Rfc6962
{
    /// <summary>Size in bytes of every hash in the tree (SHA-256).</summary>
    public const int HashSize = SHA256.HashSizeInBytes;

    /// <summary>Domain-separation prefix of a leaf hash (RFC 6962 §2.1).</summary>
    public const byte LeafPrefix = 0x00;

    /// <summary>Domain-separation prefix of an interior node hash (RFC 6962 §2.1).</summary>
    public const byte NodePrefix = 0x01;

    private const int StackLeafLimit = 1024;

    /// <summary>The root of the empty tree, MTH({}) = SHA-256() (RFC 6962 §2.1).</summary>
    public static ReadOnlySpan<byte> EmptyRoot =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    /// <summary>Leaf hash of <paramref name="data"/>: SHA-256(0x00 || data).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        HashLeaf(data, hash);
        return hash;
    }

    /// <summary>Writes the leaf hash of <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        CheckDestination(destination);
        // RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)).
        if (data.Length < StackLeafLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLeafLimit + 1];
            buffer[0] = LeafPrefix;
            data.CopyTo(buffer[1..]);
            SHA256.HashData(buffer[..(data.Length + 1)], destination);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(data.Length + 1);
        try
        {
            rented[0] = LeafPrefix;
            data.CopyTo(rented.AsSpan(1));
            SHA256.HashData(rented.AsSpan(0, data.Length + 1), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Interior node hash: SHA-256(0x01 || left || right).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        HashChildren(left, right, hash);
        return hash;
    }

    /// <summary>
    /// Writes SHA-256(0x01 || left || right) into <paramref name="destination"/>. The destination may overlap
    /// either input (the inputs are copied before hashing).
    /// </summary>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize)
        {
            throw new ArgumentException($"left child hash must be {HashSize} bytes, got {left.Length}", nameof(left));
        }

        if (right.Length != HashSize)
        {
            throw new ArgumentException($"right child hash must be {HashSize} bytes, got {right.Length}", nameof(right));
        }

        CheckDestination(destination);
        HashChildrenUnchecked(left, right, destination);
    }

    /// <summary>The hot-path node hash: inputs are known to be 32 bytes and the destination large enough.</summary>
    internal static void HashChildrenUnchecked(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        // RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer.Slice(1, HashSize));
        right.CopyTo(buffer.Slice(1 + HashSize, HashSize));
        SHA256.HashData(buffer, destination);
    }

    private static void CheckDestination(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"destination must hold {HashSize} bytes, got {destination.Length}", nameof(destination));
        }
    }
}
