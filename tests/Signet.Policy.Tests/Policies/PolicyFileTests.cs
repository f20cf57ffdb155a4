using Signet.Core;
using Signet.Policy.Policies;

namespace Signet.Policy.Tests.Policies;

/// <summary>The policy file: strict fields with paths, every error at once, globs as policy-controller matches them.</summary>
public sealed class PolicyFileTests
{
    private const string Valid = """
        apiVersion: policy.sigstore.dev/v1alpha1
        kind: ClusterImagePolicy
        metadata:
          name: p
          labels: {team: a}
        spec:
          images:
          - glob: "ghcr.io/org/*"
          authorities:
          - keyless:
              url: https://fulcio.sigstore.dev
              identities:
              - issuer: https://token.actions.githubusercontent.com
                subjectRegExp: ^https://github.com/org/
            ctlog:
              url: https://rekor.sigstore.dev
          - static:
              action: fail
        """;

    [Fact]
    public void A_valid_policy_reads_into_its_authorities()
    {
        var p = ClusterImagePolicy.Parse(Valid);
        Assert.Equal(("p", PolicyMode.Enforce), (p.Name, p.Mode));
        var keyless = Assert.IsType<KeylessAuthority>(p.Authorities[0]);
        Assert.Equal(("authority-0", "https://fulcio.sigstore.dev", "https://rekor.sigstore.dev"), (keyless.Name, keyless.FulcioUrl, keyless.CtlogUrl));
        Assert.False(Assert.IsType<StaticAuthority>(p.Authorities[1]).Pass);
    }

    [Fact]
    public void Unknown_fields_are_errors_with_their_path_and_all_errors_come_at_once()
    {
        var yaml = Valid.Replace("      action: fail", "      action: maybe\n      extra: 1", StringComparison.Ordinal)
            .Replace("  images:", "  imagez: []\n  images:", StringComparison.Ordinal);
        var message = Assert.Throws<SignetFormatException>(() => ClusterImagePolicy.Parse(yaml)).Message;
        Assert.Contains("unknown field: spec.imagez", message, StringComparison.Ordinal);
        Assert.Contains("unknown field: spec.authorities[1].static.extra", message, StringComparison.Ordinal);
        Assert.Contains("invalid value: maybe: spec.authorities[1].static.action", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_document_file_reads_every_policy_and_refuses_a_name_twice()
    {
        var second = Valid.Replace("name: p", "name: q", StringComparison.Ordinal);
        Assert.Equal(["p", "q"], ClusterImagePolicy.ParseAll(Valid + "\n---\n" + second).Select(p => p.Name));
        Assert.Contains("'p' is defined twice", Assert.Throws<SignetFormatException>(() => ClusterImagePolicy.ParseAll(Valid + "\n---\n" + Valid)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: ClusterImagePolicy\nmetadata: [\n", "not valid YAML at line")]
    [InlineData("- a\n- b\n", "the document is not a mapping")]
    [InlineData("a: 1\n---\nb: 2\n", "expected one YAML document")]
    public void Malformed_yaml_is_invalid_input(string yaml, string says)
        => Assert.Contains(says, Assert.Throws<SignetFormatException>(() => ClusterImagePolicy.Parse(yaml)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("ghcr.io/org/*", "ghcr.io/org/app:v1", true)]
    [InlineData("ghcr.io/org/*", "ghcr.io/org/team/app:v1", false)]
    [InlineData("ghcr.io/org/**", "ghcr.io/org/team/app@sha256:abc", true)]
    [InlineData("**demo**", "registry.local:5000/x/demo-app:1", true)]
    [InlineData("nginx", "nginx:latest", true)]
    [InlineData("nginx", "index.docker.io/library/nginx", true)]
    [InlineData("org/*", "docker.io/org/app", true)]
    [InlineData("nginx", "docker.io/nginx:1", true)]
    [InlineData("org/*", "ghcr.io/org/app", false)]
    [InlineData("ghcr.io/org/app", "ghcr.io/org/app:v1", true)]
    [InlineData("ghcr.io/org/ap?", "ghcr.io/org/app", true)]
    [InlineData("ghcr.io/org/[ab]pp", "ghcr.io/org/cpp", false)]
    public void Globs_match_as_policy_controller_matches(string glob, string image, bool matches)
        => Assert.Equal(matches, ImageGlob.TryParse(glob)!.Matches(image));

    [Theory]
    [InlineData("[")]
    [InlineData("")]
    [InlineData("a[]")]
    public void Invalid_globs_are_rejected(string glob) => Assert.Null(ImageGlob.TryParse(glob));
}
