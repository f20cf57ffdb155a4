using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4.2, the certificate's SCTs (RFC 6962 §3.2/§3.3): each embedded SCT from a trusted CT log, valid at
/// its time, must verify over the precertificate entry; enough distinct logs must have signed (the threshold).
/// </summary>
public sealed class SignedCertificateTimestampTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    [Fact]
    public async Task The_ca_sct_verifies_against_the_trusted_ct_log()
    {
        var bundle = await IssueAsync();

        Assert.Equal(Alice, Verify(bundle).Certificate!.SubjectAlternativeName);
    }

    [Fact]
    public async Task An_sct_of_a_ct_log_the_trusted_root_does_not_hold_does_not_count()
    {
        var bundle = await IssueAsync();
        var root = Sigstore.TrustedRoot with { Ctlogs = [] };

        AssertRefused(VerificationErrorCode.SignedCertificateTimestampInvalid, "0 verified SCTs from trusted CT logs, 1 required", () => Verify(bundle, root: root));
    }

    [Fact]
    public async Task An_sct_from_outside_the_ct_log_keys_window_does_not_count()
    {
        var bundle = await IssueAsync();
        var ct = Sigstore.Ca.CtLogEntry;
        var expired = ct with { PublicKey = ct.PublicKey with { ValidFor = new TimeRange(ct.PublicKey.ValidFor!.Start, ct.PublicKey.ValidFor.Start.AddMinutes(1)) } };

        AssertRefused(VerificationErrorCode.SignedCertificateTimestampInvalid, "0 verified SCTs", () =>
            Verify(bundle, root: Sigstore.TrustedRoot with { Ctlogs = [expired] }));
    }

    [Fact]
    public async Task An_sct_that_does_not_verify_over_this_certificate_is_refused()
    {
        // The SCT list of a genuine certificate, moved into another (in-profile) leaf: the log signed another TBS.
        var genuine = await IssueAsync();
        using var donor = X509CertificateLoader.LoadCertificate(genuine.VerificationMaterial.LeafCertificate!);
        var extensions = OutOfProfile.FulcioExtensions();
        extensions.Add(donor.Extensions[X509Oids.SctList]!);
        var bundle = await IssueAsync(new BundleRequest { CertificateProvider = OutOfProfile.Provider(Sigstore, extensions) });

        AssertRefused(VerificationErrorCode.SignedCertificateTimestampInvalid, "the SCT from CT log https://ct.in-memory.test does not verify", () => Verify(bundle));
    }

    [Fact]
    public async Task One_sct_does_not_meet_a_threshold_of_two()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.SignedCertificateTimestampInvalid, "1 verified SCTs from trusted CT logs, 2 required", () =>
            Verify(bundle, VerifierOptions.Default with { SignedCertificateTimestampThreshold = 2 }));
    }
}
