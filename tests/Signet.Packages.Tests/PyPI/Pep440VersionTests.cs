using Signet.Core;
using Signet.Packages.PyPI;

namespace Signet.Packages.Tests.PyPI;

/// <summary>PEP 440 versions: the spec's own ordering example, its normalizations, what is not a version, and "the release before".</summary>
public sealed class Pep440VersionTests
{
    /// <summary>PEP 440 §"Summary of permitted suffixes and relative ordering" (its example, extended with epochs and local labels).</summary>
    private static readonly string[] Ascending =
    [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456",
        "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456",
        "1.0.15", "1.1.dev1", "1.9999999999999999999999", "1.99999999999999999999999", "2013.10", "1!0.1",
    ];

    [Fact]
    public void Versions_order_as_the_spec_lists_them()
    {
        var parsed = Ascending.Select(Pep440Version.Parse).ToList();
        for (var i = 0; i < parsed.Count; i++)
        {
            for (var j = 0; j < parsed.Count; j++)
            {
                Assert.True(Math.Sign(parsed[i].CompareTo(parsed[j])) == Math.Sign(i.CompareTo(j)), $"{Ascending[i]} vs {Ascending[j]}");
            }
        }

        var shuffled = parsed.OrderBy(v => v.GetHashCode()).ToList();
        Assert.Equal(Ascending, shuffled.Order().Select(v => Ascending[parsed.IndexOf(v)]));
    }

    [Theory]
    [InlineData("1.0a", "1.0a0")]
    [InlineData("1.0-ALPHA.0", "1.0a0")]
    [InlineData("1.0c1", "1.0rc1")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.0.post", "1.0.post0")]
    [InlineData("1.0-r4", "1.0.post4")]
    [InlineData("1.0dev", "1.0.dev0")]
    [InlineData("0!1.0", "1.0")]
    [InlineData("v01.002", "1.2")]
    [InlineData("1.0+Ubuntu-1", "1.0+ubuntu.1")]
    public void Spellings_that_normalize_alike_are_equal(string spelled, string canonical)
    {
        var a = Pep440Version.Parse(spelled);
        var b = Pep440Version.Parse(canonical);
        Assert.True(a == b && a.CompareTo(b) == 0 && a.GetHashCode() == b.GetHashCode());
        Assert.Equal(Pep440Version.Parse(canonical).ToString(), a.ToString());
    }

    [Fact]
    public void Trailing_zero_release_segments_compare_equal_but_are_kept()
    {
        Assert.True(Pep440Version.Parse("1.0") == Pep440Version.Parse("1.0.0"));
        Assert.Equal(Pep440Version.Parse("1.0").GetHashCode(), Pep440Version.Parse("1.0.0").GetHashCode());
        Assert.Equal("1.0.0", Pep440Version.Parse("1.0.0").ToString());
    }

    [Theory]
    [InlineData(" 1.0-ALPHA_1 ", "1.0a1")]
    [InlineData("1.0.0.PREVIEW2", "1.0.0rc2")]
    [InlineData("2!01.0.post07.dev003+Local_07", "2!1.0.post7.dev3+local.7")]
    [InlineData("1.0b2-3", "1.0b2.post3")]
    public void The_normalized_form_is_written_back(string spelled, string normalized) =>
        Assert.Equal(normalized, Pep440Version.Parse(spelled).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1.0.x")]
    [InlineData("1..0")]
    [InlineData("1.0+")]
    [InlineData("1.0-dev-foo")]
    [InlineData("1.0a1b2")]
    [InlineData("1!")]
    public void Anything_else_is_not_a_version(string text)
    {
        Assert.False(Pep440Version.TryParse(text, out _));
        Assert.Throws<SignetFormatException>(() => Pep440Version.Parse(text));
    }

    [Fact]
    public void Limits_are_explicit()
    {
        Assert.True(Pep440Version.TryParse(string.Join('.', Enumerable.Repeat("1", Pep440Version.MaxReleaseSegments)), out _));
        Assert.False(Pep440Version.TryParse(string.Join('.', Enumerable.Repeat("1", Pep440Version.MaxReleaseSegments + 1)), out _));
        Assert.False(Pep440Version.TryParse(new string('1', Pep440Version.MaxLength + 1), out _));
    }

    [Theory]
    [InlineData("1.0", "0.9.post1", "0.9,1.0rc1,1.0,1.1,0.9.post1,not-a-version")]
    [InlineData("2.0", "1.8", "1.9.dev1,1.8,2.0,1.9rc1")]
    [InlineData("2.0rc1", "1.10", "1.2,1.10,1.9,2.0rc1")]
    [InlineData("1!0.1", "1!0.0.1", "2.0,1!0.0.1,1!0.1")]
    [InlineData("1.0", null, "1.0,1.1,1.0.post1")]
    [InlineData("not-a-version", null, "0.1")]
    public void The_previous_release_is_the_highest_final_release_below(string current, string? expected, string versions) =>
        Assert.Equal(expected, Pep440Version.PreviousRelease(versions.Split(','), current));

    [Fact]
    public void Distribution_names_normalize_their_version_through_it() =>
        Assert.Equal("pkg_name-1.0rc1.post2.tar.gz", DistributionName.Normalize("Pkg.Name-1.0_RC1_post2.tar.gz"));
}
