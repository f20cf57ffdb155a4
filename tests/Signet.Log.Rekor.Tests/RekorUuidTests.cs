using System.Security.Cryptography;
using Signet.Core;

namespace Signet.Log.Rekor.Tests;

public sealed class RekorUuidTests
{
    private static readonly byte[] Leaf = SHA256.HashData([1, 2, 3]);

    [Fact]
    public void A_uuid_is_the_tree_id_in_16_hex_digits_then_the_leaf_hash()
    {
        var uuid = RekorUuid.Format(0x1234, Leaf);
        Assert.Equal("0000000000001234" + Convert.ToHexStringLower(Leaf), uuid);
        Assert.Equal(Leaf, RekorUuid.LeafHashOf(uuid, 0x1234));
        Assert.Equal(Leaf, RekorUuid.LeafHashOf(uuid.ToUpperInvariant(), 0x1234));
        Assert.Equal(Leaf, RekorUuid.LeafHashOf(uuid[16..], 0x1234)); // the leaf hash alone
    }

    [Fact]
    public void A_uuid_of_another_tree_names_nothing_here()
    {
        Assert.Null(RekorUuid.LeafHashOf(RekorUuid.Format(7, Leaf), 8));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000zz")]
    public void Anything_else_is_a_format_error(string uuid)
    {
        Assert.Throws<SignetFormatException>(() => RekorUuid.LeafHashOf(uuid, 1));
    }
}
