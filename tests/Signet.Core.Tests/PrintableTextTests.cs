namespace Signet.Core.Tests;

/// <summary>Values from certificates and bundles are printed with their control characters escaped (issue 14).</summary>
public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("https://github.com/o/r/.github/workflows/r.yml@refs/heads/main", "https://github.com/o/r/.github/workflows/r.yml@refs/heads/main")]
    [InlineData("main\n", "main\\n")]
    [InlineData("a\r\tb", "a\\r\\tb")]
    [InlineData("\u001b[2Jwiped", "\\u001b[2Jwiped")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("c1\u009b31m", "c1\\u009b31m")]
    [InlineData("del\u007f", "del\\u007f")]
    [InlineData("evil\u202Egnp.exe", "evil\\u202egnp.exe")] // right-to-left override
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("zoë 😀 日本", "zoë 😀 日本")] // printable non-ASCII and surrogate pairs stay
    [InlineData("", "")]
    public void Unprintable_characters_are_escaped(string value, string expected) => Assert.Equal(expected, PrintableText.Escape(value));

    [Fact]
    public void A_lone_surrogate_is_escaped()
        => Assert.Equal("lone\\ud800!", PrintableText.Escape("lone" + (char)0xD800 + "!")); // not expressible in attribute data

    [Fact]
    public void Null_prints_as_empty() => Assert.Equal(string.Empty, PrintableText.Escape(null));
}
