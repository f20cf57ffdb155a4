namespace Signet.Core.Tests;

/// <summary>One wildcard matcher for TUF delegated paths and NuGet package-id rules (issue 13).</summary>
public sealed class ShellWildcardTests
{
    [Theory]
    [InlineData("*.json", "keys.json", true)]
    [InlineData("k?ys.*", "keys.json", true)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*.pem", "keys.json", false)]
    [InlineData("keys", "keys.json", false)]
    [InlineData("?", "", false)]
    [InlineData("*a", "*ba", true)]
    [InlineData("Keys.*", "keys.json", false)]
    public void Matches_like_fnmatch(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, ShellWildcard.IsMatch(pattern, text));
    }

    [Theory]
    [InlineData("Contoso.*", "contoso.logging", true)]
    [InlineData("contoso.?ogging", "CONTOSO.LOGGING", true)]
    [InlineData("Contoso.*", "Fabrikam.Contoso", false)]
    public void Ignore_case_compares_letters_without_case(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, ShellWildcard.IsMatch(pattern, text, ignoreCase: true));
    }
}
