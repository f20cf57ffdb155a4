using Signet.Core.Notes;

namespace Signet.Core.Tests.Notes;

public sealed class CheckpointTests
{
    private const string Root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

    [Fact]
    public void Parses_and_formats_the_c2sp_example()
    {
        var text = $"example.com/behind-the-sofa\n20852163\n{Root}\n";
        var cp = Checkpoint.Parse(text);
        Assert.Equal("example.com/behind-the-sofa", cp.Origin);
        Assert.Equal(20852163UL, cp.Size);
        Assert.Equal(Convert.FromBase64String(Root), cp.RootHash);
        Assert.Empty(cp.Extensions);
        Assert.Equal(text, cp.Format());
    }

    [Fact]
    public void Empty_tree_and_extension_lines()
    {
        var cp = Checkpoint.Parse($"o\n0\n{Root}\nTimestamp: 1\nx\n");
        Assert.Equal(0UL, cp.Size);
        Assert.Equal(["Timestamp: 1", "x"], cp.Extensions);
        Assert.Equal(ulong.MaxValue, Checkpoint.Parse($"o\n18446744073709551615\n{Root}\n").Size);
    }

    [Theory]
    [InlineData("o\n1\n" + Root, "does not end in a newline")]
    [InlineData("o\n1\n", "line(s)")]
    [InlineData("\n1\n" + Root + "\n", "origin is empty")]
    [InlineData("o\n01\n" + Root + "\n", "leading zero")]
    [InlineData("o\n-1\n" + Root + "\n", "not a decimal")]
    [InlineData("o\n+1\n" + Root + "\n", "not a decimal")]
    [InlineData("o\n 1\n" + Root + "\n", "not a decimal")]
    [InlineData("o\n\n" + Root + "\n", "not a decimal")]
    [InlineData("o\n18446744073709551616\n" + Root + "\n", "64 bits")]
    [InlineData("o\n123456789012345678901\n" + Root + "\n", "not a decimal")]
    [InlineData("o\n1\nAAAA\n", "3 bytes, expected 32")]
    [InlineData("o\n1\nnot base64!\n", "root hash")]
    [InlineData("o\n1\n" + Root + "\n\n", "extension lines must be non-empty")]
    [InlineData("o\n1\n" + Root + "\nx\n\ny\n", "line 5")]
    public void Malformed_checkpoints_are_format_errors_naming_the_line(string text, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => Checkpoint.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Format_refuses_what_parse_would_refuse()
    {
        Assert.Throws<SignetFormatException>(() => new Checkpoint("", 1, new byte[32], []).Format());
        Assert.Throws<SignetFormatException>(() => new Checkpoint("a\nb", 1, new byte[32], []).Format());
        Assert.Throws<SignetFormatException>(() => new Checkpoint("o", 1, new byte[31], []).Format());
        Assert.Throws<SignetFormatException>(() => new Checkpoint("o", 1, new byte[32], [""]).Format());
    }
}
