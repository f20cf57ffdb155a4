using Signet.Core;
using Signet.Packages.NuGet;

namespace Signet.Packages.Tests.NuGet;

/// <summary><c>signet-packages.yml</c>: what it reads, and the malformed files refused with one format error.</summary>
public sealed class PackagePolicyTests
{
    private const string PolicyFile = "/work/project/signet-packages.yml";

    [Fact]
    public void The_trusted_root_is_resolved_against_the_policy_files_folder_and_rules_are_read_in_order()
    {
        var policy = PackagePolicy.Parse("""
            trusted-root: ../roots/trusted_root.json
            packages:
              - id: OpenTelemetry*
                identity: https://github.com/open-telemetry/opentelemetry-dotnet/.github/workflows/publish-packages-1.0.yml@refs/tags/core-1.21.0
                issuer: https://token.actions.githubusercontent.com
                require-all: true
            """, PolicyFile);
        Assert.Equal("/work/roots/trusted_root.json", policy.TrustedRootPath);
        Assert.True(Assert.Single(policy.Rules).RequireAll);
        Assert.NotNull(policy.RuleFor("opentelemetry.api"));
        Assert.Null(policy.RuleFor("Newtonsoft.Json"));
    }

    [Theory]
    [InlineData("trusted-root: \"a\\0b\"\npackages: []\n")] // fuzz config: Path.GetFullPath's ArgumentException escaped
    [InlineData("trusted-root: \"\"\npackages: []\n")]
    [InlineData("trusted-root: \"roots/\\ttrusted_root.json\"\npackages: []\n")]
    public void A_trusted_root_that_is_not_a_file_path_is_a_format_error(string yaml)
    {
        var e = Assert.Throws<SignetFormatException>(() => PackagePolicy.Parse(yaml, PolicyFile));
        Assert.Contains("trusted-root must name a file", e.Message, StringComparison.Ordinal);
    }
}
