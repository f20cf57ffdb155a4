using Signet.Core;
using Signet.Core.Verification;
using Signet.Policy.Provenance;

namespace Signet.Policy.Tests.Provenance;

/// <summary>slsa-verifier's tag rules: Go's semver, versioned-tag matching (pre-release equal, build ignored), builder IDs.</summary>
public sealed class SemverAndRefTests
{
    [Theory]
    [InlineData("v1", true)]
    [InlineData("v1.2", true)]
    [InlineData("v1.2.3", true)]
    [InlineData("v1.2.3-alpha.1", true)]
    [InlineData("v1.2.3+build.5", true)]
    [InlineData("v1.2.3-rc.1+b", true)]
    [InlineData("1.2.3", false)]
    [InlineData("v01.2.3", false)]
    [InlineData("v1.2-pre", false)]
    [InlineData("v1.2.3-01", false)]
    [InlineData("v1.2.3-", false)]
    [InlineData("v1.2.3+", false)]
    [InlineData("v1..3", false)]
    [InlineData("v", false)]
    public void Go_semver_validity(string version, bool valid) => Assert.Equal(valid, GoSemver.IsValid(version));

    [Theory]
    [InlineData("v1", "v1.0.0")]
    [InlineData("v1.2", "v1.2.0")]
    [InlineData("v1.2.3+meta", "v1.2.3")]
    [InlineData("v1.2.3-rc.1+meta", "v1.2.3-rc.1")]
    [InlineData("1.2.3", "")]
    public void Canonical_completes_shorthands_and_drops_build(string version, string canonical)
        => Assert.Equal(canonical, GoSemver.Canonical(version));

    [Theory]
    [InlineData("v1.2.3", "v1")]
    [InlineData("v1.2.3", "v1.2")]
    [InlineData("v1.2.3", "v1.2.3")]
    [InlineData("v1.2.3+123", "v1.2.3")]
    [InlineData("v1.2.3", "v1.2.3+other")]
    [InlineData("v1.2.3-alpha", "v1.2.3-alpha")]
    [InlineData("v1.2.3-alpha", "v1.2")]
    [InlineData("v14", "v14.0.0")]
    public void Versioned_tags_that_match(string provenanceTag, string expected) => SourceChecks.CheckVersionedTag(provenanceTag, expected);

    [Theory]
    [InlineData("v1.2.3", "v2")]
    [InlineData("v1.2.3", "v1.3")]
    [InlineData("v1.2.3", "v1.2.4")]
    [InlineData("v1.2.3-alpha", "v1.2.3")]
    [InlineData("v1.2.3", "v1.2.3-alpha")]
    [InlineData("release-1", "v1")]
    public void Versioned_tags_that_do_not(string provenanceTag, string expected)
    {
        var e = Assert.Throws<VerificationException>(() => SourceChecks.CheckVersionedTag(provenanceTag, expected));
        Assert.Equal(VerificationErrorCode.VersionedTagMismatch, e.Code);
    }

    [Fact]
    public void An_expected_versioned_tag_that_is_not_semver_is_invalid_input()
        => Assert.Throws<SignetFormatException>(() => SourceChecks.CheckVersionedTag("v1.2.3", "1.2"));

    [Theory]
    [InlineData("https://b/w.yml", null)]
    [InlineData("https://b/w.yml@v1.2.3", null)]
    [InlineData("https://b/w.yml@refs/tags/v1.2.3", null)]
    [InlineData("https://b/w.yml@v1.2.4", "version")]
    [InlineData("https://b/other.yml", "builder")]
    public void Builder_ids_match_with_or_without_a_ref(string expected, string? mismatch)
    {
        var why = new BuilderId("https://b/w.yml", "refs/tags/v1.2.3").Mismatch(expected, allowRef: true);
        if (mismatch is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(mismatch, why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_full_match_compares_the_version_even_when_none_is_given()
        => Assert.NotNull(new BuilderId("https://b/w.yml", "refs/tags/v1.2.3").Mismatch("https://b/w.yml", allowRef: true, full: true));

    [Theory]
    [InlineData("refs/tags/v1", "v1")]
    [InlineData("refs/tags/a/b", "a/b")]
    public void Tags_come_from_tag_refs(string gitRef, string tag) => Assert.Equal(tag, GitRefs.TagOf(gitRef));

    [Theory]
    [InlineData("refs/heads/main")]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("refs/tags/")]
    public void Anything_else_is_an_invalid_ref_where_a_tag_is_required(string gitRef)
        => Assert.Equal(VerificationErrorCode.InvalidRef, Assert.Throws<VerificationException>(() => GitRefs.TagOf(gitRef)).Code);

    [Theory]
    [InlineData("github.com/o/r", "git+https://github.com/o/r")]
    [InlineData("https://github.com/o/r", "git+https://github.com/o/r")]
    [InlineData("git+https://github.com/o/r", "git+https://github.com/o/r")]
    public void Source_uris_are_normalized(string given, string normalized) => Assert.Equal(normalized, GitRefs.NormalizeUri(given));
}
