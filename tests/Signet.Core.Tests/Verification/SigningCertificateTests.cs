using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4.2 "Certificate": the leaf chains to a CA of the trusted root, valid (leaf, chain and the CA's window)
/// at every verified time, and is a code-signing end-entity certificate (Fulcio certificate-specification.md).
/// </summary>
public sealed class SigningCertificateTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    [Fact]
    public async Task A_leaf_of_a_ca_the_trusted_root_does_not_hold_is_refused()
    {
        using var other = new VirtualSigstore();
        var bundle = await IssueAsync();
        var root = Sigstore.TrustedRoot with { CertificateAuthorities = [other.Ca.TrustedRootEntry] };

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, "not issued by a certificate authority of the trusted root", () => Verify(bundle, root: root));
    }

    [Fact]
    public async Task A_chain_that_brings_its_own_root_is_refused()
    {
        using var other = new VirtualSigstore();
        var bundle = await IssueAsync(new BundleRequest { MinorVersion = 1 });
        var leaf = bundle.VerificationMaterial.LeafCertificate!;
        bundle = bundle with { VerificationMaterial = bundle.VerificationMaterial with { X509CertificateChain = [leaf, other.Ca.Root.RawData] } };

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, "contains a root certificate (position 1)", () => Verify(bundle));
    }

    [Fact]
    public async Task A_v01_chain_ending_in_the_trusted_ca_itself_verifies()
    {
        var bundle = await IssueAsync(new BundleRequest { MinorVersion = 1 });
        var leaf = bundle.VerificationMaterial.LeafCertificate!;
        bundle = bundle with { VerificationMaterial = bundle.VerificationMaterial with { X509CertificateChain = [leaf, Sigstore.Ca.Root.RawData] } };

        Assert.Equal(Alice, Verify(bundle).Certificate!.SubjectAlternativeName);
    }

    [Fact]
    public async Task A_ca_outside_its_trusted_window_at_the_integrated_time_is_refused()
    {
        var bundle = await IssueAsync();
        var ca = Sigstore.Ca.TrustedRootEntry;
        var root = Sigstore.TrustedRoot with { CertificateAuthorities = [ca with { ValidFor = new TimeRange(ca.ValidFor!.Start, ca.ValidFor.Start.AddMinutes(1)) }] };

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, "no certificate authority of the trusted root that issued the signing certificate was valid at", () => Verify(bundle, root: root));
    }

    [Fact]
    public async Task A_leaf_expired_at_the_integrated_time_is_refused()
    {
        var now = Sigstore.Time.GetUtcNow();
        var provider = OutOfProfile.Provider(Sigstore, OutOfProfile.FulcioExtensions(), now.AddMinutes(-50), now.AddMinutes(-40));
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = provider });

        AssertRefused(VerificationErrorCode.CertificateNotValidAtTime, "the signing certificate (valid", () => Verify(bundle));
    }

    [Fact]
    public async Task A_leaf_not_yet_valid_at_the_signed_timestamp_is_refused()
    {
        var now = Sigstore.Time.GetUtcNow();
        var provider = OutOfProfile.Provider(Sigstore, OutOfProfile.FulcioExtensions(), now.AddMinutes(5), now.AddMinutes(15));
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = provider, Log = BundleLog.None, Timestamp = true });

        AssertRefused(VerificationErrorCode.CertificateNotValidAtTime, "was not valid at", () => Verify(bundle, VerifierOptions.Default.WithoutTransparencyLogUnsafe()));
    }

    [Fact]
    public async Task A_ca_certificate_as_leaf_is_refused()
    {
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, OutOfProfile.FulcioExtensions(ca: true)) });

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, "the signing certificate is a CA certificate", () => Verify(bundle));
    }

    [Fact]
    public async Task A_leaf_whose_key_usage_lacks_digital_signature_is_refused()
    {
        var extensions = OutOfProfile.FulcioExtensions(keyUsage: X509KeyUsageFlags.KeyEncipherment);
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, extensions) });

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, "key usage lacks digitalSignature", () => Verify(bundle));
    }

    [Fact]
    public async Task A_leaf_whose_extended_key_usage_lacks_code_signing_is_refused()
    {
        var extensions = OutOfProfile.FulcioExtensions(eku: X509Oids.TimeStampingEku);
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, extensions) });

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, "extended key usage lacks codeSigning", () => Verify(bundle));
    }

    [Theory]
    [InlineData("1.3.6.1.4.1.55555.1", new byte[] { 0x30, 0x00 })] // an extension no verifier knows
    [InlineData(X509Oids.PrecertificatePoison, new byte[] { 0x05, 0x00 })] // RFC 6962 §3.1: a precertificate, not a certificate
    [InlineData(FulcioOids.Issuer, new byte[] { 0x0C, 0x01, 0x61 })] // Fulcio's own: non-critical by its specification
    public async Task A_leaf_with_a_critical_extension_the_verifier_does_not_process_is_refused(string oid, byte[] value)
    {
        var extensions = OutOfProfile.FulcioExtensions();
        extensions.RemoveAll(e => e.Oid!.Value == oid);
        extensions.Add(new X509Extension(oid, value, critical: true));
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, extensions) });

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, $"critical extension the verifier does not process ({oid}; RFC 5280 §4.2)", () => Verify(bundle));
    }

    [Fact]
    public async Task A_leaf_with_an_unknown_non_critical_extension_verifies()
    {
        var extensions = OutOfProfile.FulcioExtensions();
        extensions.Add(new X509Extension("1.3.6.1.4.1.55555.1", [0x30, 0x00], critical: false));
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, extensions) });

        Assert.Equal(Alice, Verify(bundle, VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe()).Certificate!.SubjectAlternativeName);
    }

    [Theory]
    [InlineData(true, "cannot be used: certificate 1 of the trusted chain has a critical extension the verifier does not process (1.3.6.1.4.1.55555.1;")]
    [InlineData(false, "cannot be used: certificate 0 of the trusted chain is not issued by certificate 1")] // not a certification path
    [InlineData(null, "cannot be used: certificate 1 of the trusted chain has an extended key usage without 1.3.6.1.5.5.7.3.3")] // EKUs do not nest
    public async Task A_trusted_ca_chain_the_verifier_cannot_use_is_refused(bool? criticalExtension, string reason)
    {
        // The trusted CA's chain gains a self-signed CA that did not issue it: with an unknown critical extension, with
        // nothing else wrong, or allowed only TLS server authentication.
        var bundle = await IssueAsync();
        var extra = criticalExtension switch
        {
            true => TimestampChainFactory.Unknown(critical: true),
            false => null,
            null => TimestampChainFactory.Eku(false, X509Oids.ServerAuthEku),
        };
        using var anchor = TimestampChainFactory.SelfSignedCa("fulcio-root", extra: extra);
        var ca = Sigstore.Ca.TrustedRootEntry;
        var root = Sigstore.TrustedRoot with { CertificateAuthorities = [ca with { CertChain = [.. ca.CertChain, anchor.RawData] }] };

        AssertRefused(VerificationErrorCode.CertificateChainInvalid, reason, () => Verify(bundle, root: root));
    }

    [Theory]
    [InlineData(true, new[] { "email:example.com" }, null, null)] // alice@example.com is within
    [InlineData(false, new[] { "email:example.com" }, null, null)] // enforced when not critical too, as Go enforces it
    [InlineData(true, new[] { "dns:example.com" }, null, null)] // no e-mail constraint: the e-mail name is not bound
    [InlineData(false, new[] { "dir:CN=Signet" }, null, null)] // a form not enforced, in a non-critical extension: passed over
    [InlineData(true, new[] { "email:example.org" }, null, "the signing certificate's e-mail name 'alice@example.com' is not within the permitted e-mail constraints ('example.org') (name constraints of certificate 0 of the trusted chain; RFC 5280 §4.2.1.10)")]
    [InlineData(false, null, new[] { "email:example.com" }, "the signing certificate's e-mail name 'alice@example.com' is excluded by the constraint 'example.com' (name constraints of certificate 0")]
    [InlineData(true, new[] { "dir:CN=Signet" }, null, "cannot be used: certificate 0 of the trusted chain has critical name constraints of a form the verifier does not enforce")]
    public async Task The_leafs_names_must_be_within_the_trusted_cas_name_constraints(bool critical, string[]? permitted, string[]? excluded, string? refusal)
    {
        // The trusted root lists the in-memory CA's certificate re-made with name constraints: the same name and key, so
        // what the CA issued chains to it.
        var bundle = await IssueAsync();
        using var constrained = Sigstore.Ca.RootWith(Signet.Testing.Certificates.NameConstraintsDer.Extension(critical, permitted, excluded));
        var root = Sigstore.TrustedRoot with { CertificateAuthorities = [Sigstore.Ca.TrustedRootEntry with { CertChain = [constrained.RawData] }] };

        if (refusal is null)
        {
            Assert.Equal(Alice, Verify(bundle, root: root).Certificate!.SubjectAlternativeName);
        }
        else
        {
            AssertRefused(VerificationErrorCode.CertificateChainInvalid, refusal, () => Verify(bundle, root: root));
        }
    }

    [Fact]
    public async Task A_workflow_uri_is_constrained_by_its_host()
    {
        const string Workflow = "https://github.com/sigstore/signet/.github/workflows/release.yml@refs/heads/main";
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(Workflow));
        var extensions = OutOfProfile.FulcioExtensions();
        extensions.RemoveAll(e => e.Oid!.Value == X509Oids.SubjectAltName);
        extensions.Add(san.Build(critical: true));
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, extensions) });
        var options = VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe();
        var policy = VerificationPolicy.ForIdentity(Workflow, Issuer);

        foreach (var (constraint, within) in new[] { ("uri:github.com", true), ("uri:.github.com", false), ("uri:gitlab.com", false) })
        {
            using var constrained = Sigstore.Ca.RootWith(Signet.Testing.Certificates.NameConstraintsDer.Extension(true, [constraint]));
            var root = Sigstore.TrustedRoot with { CertificateAuthorities = [Sigstore.Ca.TrustedRootEntry with { CertChain = [constrained.RawData] }] };
            if (within)
            {
                Assert.Equal(Workflow, Verify(bundle, options, policy, root: root).Certificate!.SubjectAlternativeName);
            }
            else
            {
                AssertRefused(VerificationErrorCode.CertificateChainInvalid, $"the signing certificate's URI name '{Workflow}' is not within the permitted URI constraints", () => Verify(bundle, options, policy, root: root));
            }
        }
    }

    [Fact]
    public async Task A_leaf_in_profile_without_an_sct_verifies_only_without_the_sct_requirement()
    {
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, OutOfProfile.FulcioExtensions()) });

        Assert.Equal(Alice, Verify(bundle, VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe()).Certificate!.SubjectAlternativeName);
        AssertRefused(VerificationErrorCode.SignedCertificateTimestampInvalid, "0 verified SCTs from trusted CT logs, 1 required", () => Verify(bundle));
    }

    [Fact]
    public async Task A_leaf_that_is_not_strict_der_is_a_format_error_before_any_check()
    {
        var bundle = await IssueAsync();
        var leaf = bundle.VerificationMaterial.LeafCertificate!;
        var repeated = Tests.Certificates.CertificateDer.WithExtensions(leaf, (FulcioOids.Issuer, null, [0x0C, 0x01, 0x61]), (FulcioOids.Issuer, null, [0x0C, 0x01, 0x62]));
        var badKeyUsage = Tests.Certificates.CertificateDer.WithExtensionValue(leaf, "2.5.29.15", [0x03, 0x02, 0x00, 0x80]);

        foreach (var (der, because) in new[] { (repeated, "appears more than once"), (badKeyUsage, "key usage: trailing zero bits") })
        {
            var broken = bundle with { VerificationMaterial = bundle.VerificationMaterial with { Certificate = der } };
            var e = Assert.Throws<SignetFormatException>(() => Verify(broken));
            Assert.Contains("bundle signing certificate", e.Message, StringComparison.Ordinal);
            Assert.Contains(because, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_certificate_issued_through_signets_ca_is_fulcios_profile()
    {
        var bundle = await IssueAsync();
        using var leaf = X509CertificateLoader.LoadCertificate(bundle.VerificationMaterial.LeafCertificate!);

        var summary = FulcioCertificate.From(leaf);
        Assert.Equal(Alice, summary.SubjectAlternativeName);
        Assert.Equal(Issuer, summary.Issuer);
        Assert.Equal(string.Empty, leaf.Subject);
        Assert.NotNull(leaf.Extensions[X509Oids.SctList]);
    }
}
