using Signet.Client.Monitoring;
using Signet.Core;
using Signet.Core.Certificates;

namespace Signet.Client.Tests.Monitoring;

/// <summary>rekor-monitor's configuration format, with the verdicts its own tests assert (TestLoadMonitorConfig).</summary>
public sealed class MonitorConfigTests
{
    private static MonitorConfig Load(string name) =>
        MonitorConfig.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Monitoring", "TestData", name)));

    [Fact]
    public void Valid_yaml_loads_its_output_file_identity_fingerprint_and_subject()
    {
        var c = Load("test-config/valid.yaml");
        Assert.Equal("custom.txt", c.OutputIdentities);
        var id = Assert.Single(c.CertificateIdentities);
        Assert.Equal("test-subject", id.Subject.ToString());
        Assert.Equal(["test-issuer"], id.Issuers.Select(r => r.ToString()));
        Assert.Equal(["test-fingerprint"], c.Fingerprints);
        Assert.Equal(["test-subject"], c.Subjects.Select(r => r.ToString()));
    }

    [Fact]
    public void Yaml_without_output_identities_leaves_it_unset()
    {
        var c = Load("test-config/no-output-identities.yaml");
        Assert.Null(c.OutputIdentities);
        Assert.Empty(Assert.Single(c.CertificateIdentities).Issuers);
        Assert.Equal(["test-fingerprint"], c.Fingerprints);
    }

    [Fact]
    public void The_complex_configuration_loads_with_its_notification_sections_accepted()
    {
        var c = Load("test-config/complex.yaml");
        Assert.Equal((100UL, 200UL), (c.StartIndex!.Value, c.EndIndex!.Value));
        Assert.Equal(("complex.txt", "log.txt", "metadata.txt"), (c.OutputIdentities, c.LogInfoFile, c.IdentityMetadataFile));
        Assert.Equal(["CN=test.example.com", "CN=another.example.com"], c.CertificateIdentities.Select(i => i.Subject.ToString()));
        Assert.Equal(["O=Test Org", "O=Another Org"], c.CertificateIdentities[0].Issuers.Select(r => r.ToString()));
        Assert.Equal(["abcdef1234567890", "fedcba0987654321"], c.Fingerprints);
        Assert.Equal(["test@example.com", "admin@example.com"], c.Subjects.Select(r => r.ToString()));
    }

    [Fact]
    public void Invalid_yaml_is_an_error()
    {
        Assert.Contains("not valid YAML", Assert.Throws<SignetFormatException>(() => Load("test-config/invalid.yaml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_example_loads_every_matcher_kind()
    {
        var c = Load("config.readme-example.yaml");
        Assert.Equal((1000UL, 2000UL), (c.StartIndex!.Value, c.EndIndex!.Value));
        Assert.Equal(3, c.CertificateIdentities.Count);
        Assert.Equal("text", c.OutputIdentitiesFormat);
        Assert.Equal(
            [(FulcioOids.BuildConfigUri, "https://example.com/owner/repository/build-config.yml"), (FulcioOids.IssuerV1, "https://github.com/login/oauth"), (FulcioOids.BuildSignerUri, "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v1.4.0")],
            c.Extensions.Select(e => (e.Oid, Assert.Single(e.Values))));
        Assert.True(c.WatchesIdentities);
    }

    [Theory]
    [InlineData("monitoredValues:\n  certIdentity:\n    - certSubject: x\n", "unknown key 'certIdentity'")]
    [InlineData("monitoredValues:\n  certIdentities:\n    - issuers: [x]\n", "certSubject is required")]
    [InlineData("monitoredValues:\n  subjects: ['(']\n", "not a regular expression")]
    [InlineData("monitoredValues:\n  oidMatchers:\n    fulcioExtensions:\n      no-such-extension: [x]\n", "unknown Fulcio extension")]
    [InlineData("monitoredValues:\n  oidMatchers:\n    customExtensions:\n      - objectIdentifier: not.an.oid\n", "not a dotted OID")]
    [InlineData("monitoredValues:\n  oidMatchers:\n    customExtensions:\n      - objectIdentifier: 1.3.6.\u0663\n", "not a dotted OID")] // an Arabic-Indic digit: it matched nothing, silently
    [InlineData("startIndex: -1\n", "not a non-negative integer")]
    [InlineData("startIndex: 5\nendIndex: 4\n", "after endIndex")]
    public void Mistakes_in_what_is_watched_for_are_refused_naming_them(string yaml, string expected)
    {
        Assert.Contains(expected, Assert.Throws<SignetFormatException>(() => MonitorConfig.Parse(yaml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_configuration_watches_for_nothing()
    {
        Assert.False(MonitorConfig.Parse("").WatchesIdentities);
        Assert.False(MonitorConfig.Parse("githubIssue:\n  repositoryOwner: x\n").WatchesIdentities);
    }
}
