using System.Diagnostics;
using Signet.Core.Verification;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Identity patterns behave as Go's regexp (RE2) does for cosign: each expected answer below is what
/// <c>regexp.MatchString(pattern, value)</c> returns in Go.
/// </summary>
public sealed class Re2PatternTests
{
    private const string Workflow = @"^https://github\.com/o/r/\.github/workflows/r\.yml@refs/heads/main$";

    [Theory]
    [InlineData(Workflow, "https://github.com/o/r/.github/workflows/r.yml@refs/heads/main", true)]
    [InlineData(Workflow, "https://github.com/o/r/.github/workflows/r.yml@refs/heads/main\n", false)] // issue 14
    [InlineData("main$", "main\n", false)]
    [InlineData("(?m)main$", "main\nx", true)]
    [InlineData("(?m:main$)", "main\n", true)]
    [InlineData("(?m:a)main$", "main\n", false)] // (?m:…) ends with its group
    [InlineData("^a", "ba", false)]
    [InlineData("github", "https://github.com/o", true)] // unanchored, as Go's MatchString
    [InlineData(@"^\d+$", "123", true)]
    [InlineData(@"^\d+$", "١٢٣", false)] // Arabic-Indic digits: \d is ASCII in RE2
    [InlineData(@"^\w+$", "héllo", false)]
    [InlineData(@"^\s$", "\u00a0", false)]
    [InlineData(@"^\s$", "\v", false)] // RE2's \s is [\t\n\f\r ]
    [InlineData(@"^[[:alpha:]]+$", "abcXYZ", true)]
    [InlineData(@"^[[:alpha:]]+$", "ab:c", false)] // .NET would read [[:alpha:]] as a class of '[', ':', 'a', ...
    [InlineData(@"^[[:^digit:]]+$", "ab", true)]
    [InlineData(@"^[a-z[]+$", "a[", true)] // '[' is a plain character inside a class
    [InlineData(@"^[]a]+$", "]a", true)] // ']' first in a class is literal
    [InlineData(@"^\Qa.b\E$", "a.b", true)]
    [InlineData(@"^\Qa.b\E$", "axb", false)]
    [InlineData(@"^\x{41}\x42\101$", "ABA", true)] // \x{…}, \xHH, octal
    [InlineData(@"^(?P<who>[a-z]+)@example\.com$", "me@example.com", true)]
    [InlineData(@"^(?i)ME@EXAMPLE\.COM$", "me@example.com", true)]
    [InlineData(@"^a(?U)b*$", "abbb", true)]
    [InlineData(@"^a{2,3}$", "aaaa", false)]
    [InlineData(@"^a{,2}$", "a{,2}", true)] // not a repeat in RE2: literal
    [InlineData(@"^\pL+$", "héllo", true)]
    [InlineData(@"^\p{^L}$", "1", true)]
    [InlineData(@"^[\d\-]+$", "1-2", true)]
    [InlineData(@"^[^\D]$", "5", true)]
    [InlineData(@"^😀+$", "😀😀", true)]
    [InlineData(@"^a.c$", "a\nc", false)]
    [InlineData(@"(?s)^a.c$", "a\nc", true)]
    public void Matches_as_Go_regexp_does(string pattern, string value, bool expected)
        => Assert.Equal(expected, StringMatcher.Regex(pattern).IsMatch(value));

    [Theory]
    [InlineData(@"^(?=a)a$", "lookahead")]
    [InlineData(@"^(?!a)b$", "lookahead")]
    [InlineData(@"(?<=a)b", "lookbehind")]
    [InlineData(@"(?<!a)b", "lookbehind")]
    [InlineData(@"(a)\1", "backreferences")]
    [InlineData(@"(?<n>a)\k<n>", "backreferences")]
    [InlineData(@"(?>a+)b", "atomic")]
    [InlineData(@"a*+b", "possessive")]
    [InlineData(@"a++", "possessive")]
    [InlineData(@"a**", "nested repetition")]
    [InlineData(@"(?(a)b|c)", "conditionals")]
    [InlineData(@"a(?#note)", "comments")]
    [InlineData(@"main\Z", @"\Z")]
    [InlineData(@"\Ga", @"\G")]
    [InlineData(@"\e", "invalid escape")]
    [InlineData(@"\cA", "invalid escape")]
    [InlineData(@"a{1001}", "repeat count")]
    [InlineData(@"a{3,2}", "repeat count")]
    [InlineData(@"[[:foo:]]", "[:foo:]")]
    [InlineData(@"[a-b-c]", "character class range")]
    [InlineData(@"[z-a]", "character class range")]
    [InlineData(@"[a-z-[aeiou]]", "character class range")] // .NET class subtraction is not RE2
    [InlineData(@"[abc", "missing closing ]")]
    [InlineData(@"(abc", "missing closing )")]
    [InlineData(@"abc)", "unexpected )")]
    [InlineData(@"*a", "missing argument")]
    [InlineData(@"a\", "trailing backslash")]
    [InlineData(@"(?x)a", "unknown group flag")]
    [InlineData(@"(?i-)a", "group flags")]
    [InlineData(@"\p{Greek}", "Unicode class")]
    [InlineData(@"(?'n'a)", "(?P<name>")]
    public void Constructs_RE2_lacks_are_invalid_input_with_a_clear_message(string pattern, string why)
    {
        var e = Assert.Throws<SignetFormatException>(() => StringMatcher.Regex(pattern));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("identity pattern '", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pathological_pattern_matches_in_linear_time()
    {
        var matcher = StringMatcher.Regex("^(a+)+$");
        var value = new string('a', 50_000) + "!";
        var clock = Stopwatch.StartNew();
        Assert.False(matcher.IsMatch(value));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void An_overlong_pattern_is_refused()
        => Assert.Throws<SignetFormatException>(() => StringMatcher.Regex(new string('a', Re2Pattern.MaxLength + 1)));

    [Fact]
    public void Control_characters_in_a_refused_pattern_are_escaped_in_the_message()
    {
        var e = Assert.Throws<SignetFormatException>(() => StringMatcher.Regex("\u001b[2J(?=x)"));
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.Contains(@"\u001b", e.Message, StringComparison.Ordinal);
    }
}
