using System.Text.Json;
using Signet.Ca.Identity;
using Signet.Ca.Issuers;

namespace Signet.Ca.Tests.Identity;

public sealed class IdentityMapperTests
{
    private static readonly OidcIssuer EmailIssuer = new() { IssuerUrl = "https://accounts.example.com", Type = IssuerType.Email };
    private static readonly OidcIssuer Github = new() { IssuerUrl = "https://token.actions.githubusercontent.com", Type = IssuerType.GithubWorkflow };

    private static TokenClaims Claims(object o) => TokenClaims.Parse(JsonSerializer.SerializeToUtf8Bytes(o));

    private static Principal Map(OidcIssuer issuer, object claims, IssuerConfiguration? config = null) =>
        IdentityMapper.Map(config ?? new IssuerConfiguration([issuer]), issuer, issuer.IssuerUrl, Claims(claims));

    [Fact]
    public void Email_identity_needs_a_verified_email()
    {
        var id = Map(EmailIssuer, new { sub = "123", email = "alice@example.com", email_verified = true });
        Assert.Equal(SanKind.Email, id.SanKind);
        Assert.Equal("alice@example.com", id.SanValue);
        Assert.Equal("alice@example.com", id.Challenge);
        Assert.Contains(id.Extensions, e => e.Oid == "1.3.6.1.4.1.57264.1.8" && e.Value == EmailIssuer.IssuerUrl && e.DerEncoded);
        Assert.Contains(id.Extensions, e => e.Oid == "1.3.6.1.4.1.57264.1.1" && !e.DerEncoded);

        var unverified = Assert.Throws<CaRequestRejectedException>(() => Map(EmailIssuer, new { sub = "1", email = "alice@example.com", email_verified = false }));
        Assert.Equal(CaRejection.InvalidIdentityToken, unverified.Rejection);
        Assert.Throws<CaRequestRejectedException>(() => Map(EmailIssuer, new { sub = "1", email = "alice@example.com" }));
        Assert.Throws<CaRequestRejectedException>(() => Map(EmailIssuer, new { sub = "1", email_verified = true }));
        Assert.Throws<CaRequestRejectedException>(() => Map(EmailIssuer, new { sub = "1", email = "not-an-address", email_verified = true }));
    }

    [Fact]
    public void Configured_challenge_claim_is_used()
    {
        var issuer = EmailIssuer with { ChallengeClaim = "sub" };
        var id = Map(issuer, new { sub = "alice-sub", email = "alice@example.com", email_verified = "true" });
        Assert.Equal("alice-sub", id.Challenge);
    }

    [Fact]
    public void Github_workflow_identity_follows_fulcio_templates()
    {
        var id = Map(Github, new
        {
            sub = "repo:octo/app:ref:refs/heads/main",
            repository = "octo/app",
            repository_owner = "octo",
            repository_id = "42",
            repository_owner_id = "7",
            repository_visibility = "public",
            @ref = "refs/heads/main",
            sha = "abc123",
            workflow = "release",
            workflow_ref = "octo/app/.github/workflows/release.yml@refs/heads/main",
            workflow_sha = "abc123",
            job_workflow_ref = "octo/app/.github/workflows/release.yml@refs/heads/main",
            job_workflow_sha = "abc123",
            event_name = "push",
            run_id = "99",
            run_attempt = "1",
            runner_environment = "github-hosted",
        });
        Assert.Equal(SanKind.Uri, id.SanKind);
        Assert.Equal("https://github.com/octo/app/.github/workflows/release.yml@refs/heads/main", id.SanValue);
        Assert.Equal("repo:octo/app:ref:refs/heads/main", id.Challenge);
        var ext = id.Extensions.ToDictionary(e => e.Oid, e => e.Value);
        Assert.Equal("push", ext["1.3.6.1.4.1.57264.1.2"]);
        Assert.Equal("abc123", ext["1.3.6.1.4.1.57264.1.3"]);
        Assert.Equal("https://github.com/octo/app/.github/workflows/release.yml@refs/heads/main", ext["1.3.6.1.4.1.57264.1.9"]);
        Assert.Equal("github-hosted", ext["1.3.6.1.4.1.57264.1.11"]);
        Assert.Equal("https://github.com/octo/app", ext["1.3.6.1.4.1.57264.1.12"]);
        Assert.Equal("refs/heads/main", ext["1.3.6.1.4.1.57264.1.14"]);
        Assert.Equal("42", ext["1.3.6.1.4.1.57264.1.15"]);
        Assert.Equal("https://github.com/octo", ext["1.3.6.1.4.1.57264.1.16"]);
        Assert.Equal("7", ext["1.3.6.1.4.1.57264.1.17"]);
        Assert.Equal("https://github.com/octo/app/.github/workflows/release.yml@refs/heads/main", ext["1.3.6.1.4.1.57264.1.18"]);
        Assert.Equal("push", ext["1.3.6.1.4.1.57264.1.20"]);
        Assert.Equal("https://github.com/octo/app/actions/runs/99/attempts/1", ext["1.3.6.1.4.1.57264.1.21"]);
        Assert.Equal("public", ext["1.3.6.1.4.1.57264.1.22"]);
    }

    [Fact]
    public void Github_token_lacking_a_claim_is_refused()
    {
        var e = Assert.Throws<CaRequestRejectedException>(() => Map(Github, new { sub = "repo:octo/app", repository = "octo/app" }));
        Assert.Contains("is missing", e.Message);
    }

    [Fact]
    public void Gitlab_ref_is_qualified_by_ref_type()
    {
        var gitlab = new OidcIssuer { IssuerUrl = "https://gitlab.com", Type = IssuerType.GitlabPipeline };
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "project_path:grp/proj:ref_type:tag:ref:v1",
            ["ci_config_ref_uri"] = "gitlab.com/grp/proj//.gitlab-ci.yml@refs/tags/v1",
            ["ci_config_sha"] = "def",
            ["runner_environment"] = "gitlab-hosted",
            ["project_path"] = "grp/proj",
            ["sha"] = "def",
            ["ref"] = "v1",
            ["ref_type"] = "tag",
            ["project_id"] = "5",
            ["namespace_path"] = "grp",
            ["namespace_id"] = "6",
            ["pipeline_source"] = "push",
            ["job_id"] = "77",
        };
        var id = Map(gitlab, claims);
        Assert.Equal("https://gitlab.com/grp/proj//.gitlab-ci.yml@refs/tags/v1", id.SanValue);
        var ext = id.Extensions.ToDictionary(e => e.Oid, e => e.Value);
        Assert.Equal("refs/tags/v1", ext["1.3.6.1.4.1.57264.1.14"]);
        Assert.Equal("https://gitlab.com/grp/proj/-/jobs/77", ext["1.3.6.1.4.1.57264.1.21"]);
    }

    [Fact]
    public void Kubernetes_service_account_becomes_a_uri()
    {
        var k8s = new OidcIssuer { IssuerUrl = "https://oidc.eks.x.amazonaws.com/id/y", Type = IssuerType.Kubernetes };
        var id = Map(k8s, new Dictionary<string, object>
        {
            ["sub"] = "system:serviceaccount:default:builder",
            ["kubernetes.io"] = new { @namespace = "default", serviceaccount = new { name = "builder", uid = "u" } },
        });
        Assert.Equal("https://kubernetes.io/namespaces/default/serviceaccounts/builder", id.SanValue);
        Assert.Throws<CaRequestRejectedException>(() => Map(k8s, new { sub = "x" }));
    }

    [Fact]
    public void Spiffe_uri_and_username_identities_are_checked_against_their_domain()
    {
        var spiffe = new OidcIssuer { IssuerUrl = "https://spire.example.com", Type = IssuerType.Spiffe, SpiffeTrustDomain = "example.com" };
        Assert.Equal("spiffe://example.com/ns/build", Map(spiffe, new { sub = "spiffe://example.com/ns/build" }).SanValue);
        Assert.Throws<CaRequestRejectedException>(() => Map(spiffe, new { sub = "spiffe://evil.com/ns/build" }));

        var uri = new OidcIssuer { IssuerUrl = "https://id.example.com", Type = IssuerType.Uri, SubjectDomain = "https://example.com" };
        Assert.Equal("https://example.com/users/1", Map(uri, new { sub = "https://example.com/users/1" }).SanValue);
        Assert.Throws<CaRequestRejectedException>(() => Map(uri, new { sub = "https://evil.com/users/1" }));

        var user = new OidcIssuer { IssuerUrl = "https://id.example.com", Type = IssuerType.Username, SubjectDomain = "example.com" };
        var u = Map(user, new { sub = "alice" });
        Assert.Equal(SanKind.OtherName, u.SanKind);
        Assert.Equal("alice!example.com", u.SanValue);
        Assert.Throws<CaRequestRejectedException>(() => Map(user, new { sub = "alice!evil.com" }));
    }

    [Fact]
    public void Ci_provider_templates_fill_from_claims_and_defaults()
    {
        var template = new CiProviderTemplate
        {
            DefaultTemplateValues = new Dictionary<string, string> { ["url"] = "https://ci.example.com" },
            ExtensionTemplates = new Dictionary<string, string> { ["build-signer-uri"] = "{{ .url }}/{{ .pipeline }}", ["build-trigger"] = "event" },
            SubjectAlternativeNameTemplate = "{{.url}}/{{.pipeline}}",
        };
        var issuer = new OidcIssuer { IssuerUrl = "https://ci.example.com", Type = IssuerType.CiProvider, CiProvider = "x" };
        var config = new IssuerConfiguration([issuer], null, new Dictionary<string, CiProviderTemplate> { ["x"] = template });
        var id = Map(issuer, new { sub = "s", pipeline = "p1", @event = "tag" }, config);
        Assert.Equal("https://ci.example.com/p1", id.SanValue);
        Assert.Contains(id.Extensions, e => e.Oid == "1.3.6.1.4.1.57264.1.20" && e.Value == "tag");
        Assert.Throws<CaRequestRejectedException>(() => Map(issuer, new { sub = "s", @event = "tag" }, config));
    }
}
