using Signet.Core.Encoding;

namespace Signet.Core.Tests.Encoding;

public sealed class BaseEncodingTests
{
    // RFC 4648 §10 test vectors.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "Zg==")]
    [InlineData("fo", "Zm8=")]
    [InlineData("foo", "Zm9v")]
    [InlineData("foob", "Zm9vYg==")]
    [InlineData("fooba", "Zm9vYmE=")]
    [InlineData("foobar", "Zm9vYmFy")]
    public void Base64Std_matches_rfc4648_vectors(string plain, string encoded)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(plain);
        Assert.Equal(encoded, Base64Std.Encode(bytes));
        Assert.Equal(bytes, Base64Std.Decode(encoded, "field"));
    }

    [Theory]
    [InlineData("Zg=")]
    [InlineData("Zg")]
    [InlineData("Z g==")]
    [InlineData("Zg==\n")]
    [InlineData("-_8=")]
    [InlineData("Z=g=")]
    [InlineData("Zg===")]
    public void Base64Std_rejects_non_canonical_input_naming_the_field(string s)
    {
        var e = Assert.Throws<SignetFormatException>(() => Base64Std.Decode(s, "rootHash"));
        Assert.StartsWith("rootHash:", e.Message);
    }

    [Fact]
    public void Base64Url_encodes_unpadded_and_decodes_with_or_without_padding()
    {
        byte[] data = [0xfb, 0xff, 0xbf, 0x01];
        Assert.Equal("-_-_AQ", Base64Url.Encode(data));
        Assert.Equal(data, Base64Url.Decode("-_-_AQ", "jwt"));
        Assert.Equal(data, Base64Url.Decode("-_-_AQ==", "jwt"));
        Assert.Empty(Base64Url.Decode("", "jwt"));
    }

    [Theory]
    [InlineData("+/8")]
    [InlineData("A")]
    [InlineData("AQ=")]
    [InlineData("AQ===")]
    [InlineData("A Q")]
    public void Base64Url_rejects_bad_input(string s) =>
        Assert.StartsWith("jwt:", Assert.Throws<SignetFormatException>(() => Base64Url.Decode(s, "jwt")).Message);

    [Fact]
    public void Hex_encodes_lowercase_and_decodes_either_case()
    {
        Assert.Equal("00ff10ab", Hex.Encode([0x00, 0xff, 0x10, 0xab]));
        Assert.Equal(new byte[] { 0xab, 0xcd }, Hex.Decode("ABcd", "digest"));
        Assert.Contains("odd number", Assert.Throws<SignetFormatException>(() => Hex.Decode("abc", "digest")).Message);
        Assert.Contains("not a hex", Assert.Throws<SignetFormatException>(() => Hex.Decode("zz", "digest")).Message);
        Assert.Contains("not a hex", Assert.Throws<SignetFormatException>(() => Hex.Decode("0x", "digest")).Message);
    }
}
