using Signet.Core;
using Signet.Core.Merkle;

namespace Signet.Log.Storage;

/// <summary>Stores a compact-range frontier (the ≤64 hashes of 32 bytes that extend a tree) as concatenated bytes.</summary>
public static class FrontierCodec
{
    /// <summary>The hashes, concatenated.</summary>
    /// <param name="hashes">At most 64 hashes of 32 bytes.</param>
    public static byte[] Encode(IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var bytes = new byte[hashes.Count * Rfc6962.HashSize];
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i].Length != Rfc6962.HashSize)
            {
                throw new ArgumentException("frontier hashes are 32 bytes", nameof(hashes));
            }

            hashes[i].CopyTo(bytes, i * Rfc6962.HashSize);
        }

        return bytes;
    }

    /// <summary>The hashes of a stored frontier; a <see cref="SignetFormatException"/> when it is not one.</summary>
    /// <param name="bytes">What <see cref="Encode"/> wrote.</param>
    public static IReadOnlyList<byte[]> Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length % Rfc6962.HashSize != 0 || bytes.Length > 64 * Rfc6962.HashSize)
        {
            throw new SignetFormatException($"stored frontier of {bytes.Length} bytes is not a list of at most 64 SHA-256 hashes");
        }

        var list = new byte[bytes.Length / Rfc6962.HashSize][];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = bytes.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize).ToArray();
        }

        return list;
    }
}
