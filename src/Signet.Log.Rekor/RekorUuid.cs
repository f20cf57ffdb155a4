using System.Globalization;
using Signet.Core;

namespace Signet.Log.Rekor;

/// <summary>
/// Rekor v1 entry UUIDs (rekor <c>pkg/sharding</c>): the 16 hex digits of the tree ID followed by the 64-hex RFC 6962
/// leaf hash (80 characters, what the log hands out), or the leaf hash alone (64, accepted on reads).
/// </summary>
public static class RekorUuid
{
    /// <summary>The 80-character UUID of the entry with <paramref name="leafHash"/> in the tree <paramref name="treeId"/>.</summary>
    /// <param name="treeId">The log's tree ID (<see cref="RekorKeys.TreeId"/>).</param>
    /// <param name="leafHash">The entry's 32-byte leaf hash.</param>
    public static string Format(long treeId, byte[] leafHash) =>
        treeId.ToString("x16", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(leafHash);

    /// <summary>The leaf hash <paramref name="uuid"/> names in the tree <paramref name="treeId"/>, or null when it names
    /// another tree; a <see cref="SignetFormatException"/> when it is not a UUID at all.</summary>
    /// <param name="uuid">64 hex digits (leaf hash) or 80 (tree ID + leaf hash).</param>
    /// <param name="treeId">The log's tree ID.</param>
    public static byte[]? LeafHashOf(string uuid, long treeId)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        var hex = uuid.Length switch
        {
            64 => uuid,
            80 when uuid[..16].Equals(treeId.ToString("x16", CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase) => uuid[16..],
            80 => null,
            _ => throw new SignetFormatException($"entry UUID must be 64 or 80 hex digits, not {uuid.Length} characters"),
        };
        if (hex is null)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new SignetFormatException("entry UUID is not hexadecimal");
        }
    }
}
