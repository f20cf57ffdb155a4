using System.Text;
using Signet.Ca.Issuers;
using Signet.Core;

namespace Signet.Ca.Tests.Issuers;

public sealed class IssuerConfigurationTests
{
    private const string FulcioShaped = """
    {
      "OIDCIssuers": {
        "https://accounts.example.com": { "IssuerURL": "https://accounts.example.com", "ClientID": "sigstore", "Type": "email" },
        "https://token.actions.githubusercontent.com": { "IssuerURL": "https://token.actions.githubusercontent.com", "Type": "github-workflow" },
        "https://ci.example.com": { "Type": "ci-provider", "CIProvider": "example-ci", "ClientID": "my-aud" },
        "https://users.example.com": { "Type": "username", "SubjectDomain": "example.com", "ChallengeClaim": "sub" }
      },
      "MetaIssuers": {
        "https://oidc.eks.*.amazonaws.com/id/*": { "ClientID": "sigstore", "Type": "kubernetes" }
      },
      "CIIssuerMetadata": {
        "example-ci": {
          "DefaultTemplateValues": { "url": "https://ci.example.com" },
          "ExtensionTemplates": { "BuildSignerURI": "{{ .url }}/{{ .pipeline }}", "build-trigger": "event" },
          "SubjectAlternativeNameTemplate": "{{ .url }}/{{ .pipeline }}"
        }
      }
    }
    """;

    private static IssuerConfiguration Load() => IssuerConfigurationFile.Parse(Encoding.UTF8.GetBytes(FulcioShaped));

    [Fact]
    public void Exact_issuers_are_found_with_their_settings()
    {
        var config = Load();
        Assert.True(config.TryFind("https://accounts.example.com", out var email));
        Assert.Equal(IssuerType.Email, email.Type);
        Assert.Equal("sigstore", email.ClientId);
        Assert.Equal("email", email.EffectiveChallengeClaim);
        Assert.True(config.TryFind("https://ci.example.com", out var ci));
        Assert.Equal("my-aud", ci.ClientId);
        Assert.Equal("sub", ci.EffectiveChallengeClaim);
        Assert.Equal("https://ci.example.com/{{ .pipeline }}", config.TemplateFor(ci).ExtensionTemplates["build-signer-uri"].Replace("{{ .url }}", "https://ci.example.com"));
    }

    [Theory]
    [InlineData("https://oidc.eks.us-west-2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB", true)]
    [InlineData("https://oidc.eks.eu-1.amazonaws.com/id/abc_DEF-1", true)]
    [InlineData("https://oidc.eks.evil.com/x.amazonaws.com/id/abc", false)] // '*' never spans '/' or '.'
    [InlineData("https://oidc.eks.a.b.amazonaws.com/id/abc", false)]
    [InlineData("https://oidc.eks..amazonaws.com/id/abc", false)]
    [InlineData("https://oidc.eks.us.amazonaws.com/id/abc/more", false)]
    [InlineData("https://oidc.eks.us.amazonaws.com/id/abc?x=1", false)]
    [InlineData("https://accounts.example.com/", false)]
    [InlineData("https://unknown.example.com", false)]
    public void Meta_issuer_wildcards_match_one_name_segment(string iss, bool expected)
    {
        var config = Load();
        Assert.Equal(expected, config.TryFind(iss, out var issuer));
        if (expected)
        {
            Assert.Equal(iss, issuer.IssuerUrl);
            Assert.Equal(IssuerType.Kubernetes, issuer.Type);
        }
    }

    [Theory]
    [InlineData("""{"OIDCIssuers": {"http://accounts.example.com": {"Type": "email"}}}""", "https")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {"Type": "uri"}}}""", "SubjectDomain")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {"Type": "spiffe"}}}""", "SPIFFETrustDomain")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {"Type": "ci-provider", "CIProvider": "nope"}}}""", "CIIssuerMetadata")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {"Type": "carrier-pigeon"}}}""", "unknown type")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {"IssuerURL": "https://b.example.com", "Type": "email"}}}""", "differs")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {}}}""", "Type is missing")]
    [InlineData("""{"OIDCIssuers": []}""", "not an object")]
    [InlineData("""not json""", "not JSON")]
    [InlineData("""{"OIDCIssuers": {"https://a.example.com": {"Type": "\ud800"}}}""", "not valid Unicode")] // was InvalidOperationException
    [InlineData("""{"OIDC\udfff": {}}""", "not valid Unicode")]
    public void Bad_configurations_are_refused_with_a_reason(string json, string reason)
    {
        var e = Assert.Throws<SignetFormatException>(() => IssuerConfigurationFile.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Loopback_http_issuers_are_allowed_for_development()
    {
        var config = new IssuerConfiguration([new OidcIssuer { IssuerUrl = "http://127.0.0.1:8080/oidc", Type = IssuerType.Email }]);
        Assert.True(config.TryFind("http://127.0.0.1:8080/oidc", out _));
        Assert.False(config.TryFind("http://127.0.0.1:8080/oidc/", out _));
    }

    [Fact]
    public void Audience_defaults_to_sigstore()
    {
        var config = IssuerConfigurationFile.Parse("""{"OIDCIssuers": {"https://a.example.com": {"Type": "email"}}}"""u8);
        Assert.True(config.TryFind("https://a.example.com", out var i));
        Assert.Equal("sigstore", i.ClientId);
    }
}
