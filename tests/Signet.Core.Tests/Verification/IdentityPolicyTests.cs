using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4 "Verification", the identity policy: one of the expected identities must match the certificate's
/// SAN and its OIDC issuer extension (1.3.6.1.4.1.57264.1.8, Fulcio oid-info.md).
/// </summary>
public sealed class IdentityPolicyTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    [Fact]
    public async Task Another_subject_alternative_name_is_refused()
    {
        var bundle = await IssueAsync(new BundleRequest { Identity = "mallory@example.com" });

        AssertRefused(VerificationErrorCode.IdentityMismatch, "certificate identity 'mallory@example.com' does not match", () => Verify(bundle));
    }

    [Fact]
    public async Task Another_issuer_is_refused()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.IdentityMismatch, $"certificate OIDC issuer '{Issuer}' does not match", () =>
            Verify(bundle, policy: VerificationPolicy.ForIdentity(Alice, "https://accounts.example.com")));
    }

    [Fact]
    public async Task Any_one_of_several_identities_suffices()
    {
        var bundle = await IssueAsync();
        var policy = VerificationPolicy.ForIdentity(
            new CertificateIdentity(StringMatcher.Exact("bob@example.com"), StringMatcher.Exact(Issuer)),
            new CertificateIdentity(StringMatcher.Exact(Alice), StringMatcher.Exact(Issuer)));

        Assert.Equal(Alice, Verify(bundle, policy: policy).Certificate!.SubjectAlternativeName);
    }

    [Fact]
    public async Task A_pattern_matches_the_identity()
    {
        var bundle = await IssueAsync();

        Verify(bundle, policy: VerificationPolicy.ForIdentity(new CertificateIdentity(StringMatcher.Regex(".*@example\\.com"), StringMatcher.Exact(Issuer))));
        AssertRefused(VerificationErrorCode.IdentityMismatch, "does not match", () =>
            Verify(bundle, policy: VerificationPolicy.ForIdentity(new CertificateIdentity(StringMatcher.Regex("^bob@"), StringMatcher.Exact(Issuer)))));
    }

    [Fact]
    public async Task A_github_workflow_constraint_the_certificate_lacks_is_refused()
    {
        var bundle = await IssueAsync();
        var identity = new CertificateIdentity(StringMatcher.Exact(Alice), StringMatcher.Exact(Issuer))
        {
            GitHubWorkflow = new GitHubWorkflowConstraints(Repository: "sigstore/signet"),
        };

        AssertRefused(VerificationErrorCode.IdentityMismatch, "GitHub workflow repository '(none)' is not 'sigstore/signet'", () =>
            Verify(bundle, policy: VerificationPolicy.ForIdentity(identity)));
    }

    [Fact]
    public async Task Without_identity_any_certificate_is_accepted()
    {
        var bundle = await IssueAsync(new BundleRequest { Identity = "mallory@example.com" });

        Assert.Equal("mallory@example.com", Verify(bundle, policy: VerificationPolicy.WithoutIdentityUnsafe()).Certificate!.SubjectAlternativeName);
    }
}
