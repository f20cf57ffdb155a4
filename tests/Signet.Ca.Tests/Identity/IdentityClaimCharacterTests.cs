using System.Text.Json;
using Signet.Ca.Identity;
using Signet.Ca.Issuers;

namespace Signet.Ca.Tests.Identity;

/// <summary>
/// Claims that Fulcio's parsing refuses never reach a certificate: a SAN or extension value with a control character
/// (issue 14: a SAN ending in "main\n" matched a pattern ending in "main$"), and non-ASCII email or URI SANs.
/// </summary>
public sealed class IdentityClaimCharacterTests
{
    private static readonly OidcIssuer EmailIssuer = new() { IssuerUrl = "https://accounts.example.com", Type = IssuerType.Email };
    private static readonly OidcIssuer Github = new() { IssuerUrl = "https://token.actions.githubusercontent.com", Type = IssuerType.GithubWorkflow };
    private static readonly OidcIssuer Username = new() { IssuerUrl = "https://login.example.com", Type = IssuerType.Username, SubjectDomain = "example.com" };

    private static Principal Map(OidcIssuer issuer, Dictionary<string, object> claims) =>
        IdentityMapper.Map(new IssuerConfiguration([issuer]), issuer, issuer.IssuerUrl, TokenClaims.Parse(JsonSerializer.SerializeToUtf8Bytes(claims)));

    private static Dictionary<string, object> Workflow(string jobWorkflowRef = "octo/app/.github/workflows/release.yml@refs/heads/main", string eventName = "push") => new()
    {
        ["sub"] = "repo:octo/app:ref:refs/heads/main", ["repository"] = "octo/app", ["repository_owner"] = "octo",
        ["repository_id"] = "42", ["repository_owner_id"] = "7", ["repository_visibility"] = "public", ["ref"] = "refs/heads/main",
        ["sha"] = "abc123", ["workflow"] = "release", ["workflow_ref"] = "octo/app/.github/workflows/release.yml@refs/heads/main",
        ["workflow_sha"] = "abc123", ["job_workflow_ref"] = jobWorkflowRef, ["job_workflow_sha"] = "abc123", ["event_name"] = eventName,
        ["run_id"] = "99", ["run_attempt"] = "1", ["runner_environment"] = "github-hosted",
    };

    [Fact]
    public void A_well_formed_workflow_identity_is_still_issued()
        => Assert.Equal("https://github.com/octo/app/.github/workflows/release.yml@refs/heads/main", Map(Github, Workflow()).SanValue);

    [Theory]
    [InlineData("octo/app/.github/workflows/release.yml@refs/heads/main\n")]
    [InlineData("octo/app/.github/workflows/release.yml@refs/heads/main\r")]
    [InlineData("octo/app/.github/workflows/release.yml@refs/heads/ma\u0000in")]
    [InlineData("octo/app/.github/workflows/release.yml@refs/heads/main\u007f")]
    [InlineData("octo/app/.github/workflows/release.yml@refs/heads/main\u0085")]
    public void A_san_with_a_control_character_is_refused(string jobWorkflowRef)
    {
        var e = Assert.Throws<CaRequestRejectedException>(() => Map(Github, Workflow(jobWorkflowRef)));
        Assert.Equal(CaRejection.InvalidIdentityToken, e.Rejection);
        Assert.Contains("control character", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_value_with_a_control_character_is_refused()
    {
        var e = Assert.Throws<CaRequestRejectedException>(() => Map(Github, Workflow(eventName: "push\u001b[2J")));
        Assert.Contains("extension 1.3.6.1.4.1.57264.1.2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice\u0085@example.com", "control character")]
    [InlineData("alice\t@example.com", "control character")]
    [InlineData("alïce@example.com", "outside ASCII")]
    public void An_email_san_must_be_ascii_without_control_characters(string email, string why)
    {
        var e = Assert.Throws<CaRequestRejectedException>(() => Map(EmailIssuer, new() { ["sub"] = "1", ["email"] = email, ["email_verified"] = true }));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_username_may_be_unicode_but_not_hold_control_characters()
    {
        Assert.Equal("zoë!example.com", Map(Username, new() { ["sub"] = "zoë" }).SanValue);
        Assert.Throws<CaRequestRejectedException>(() => Map(Username, new() { ["sub"] = "zoë\u009b" }));
    }
}
