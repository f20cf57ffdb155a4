using System.Security.Cryptography.X509Certificates;
using Signet.Core.Verification;
using static Signet.Core.Tests.Verification.TimestampChainFactory;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// The RFC 3161 timestamp's signer links to a trusted timestamp authority by explicit checks (no chain building):
/// one accepted shape per way of linking, one test per refusal.
/// </summary>
public sealed class TimestampAuthorityChainTests
{
    private static readonly byte[] Signature = [1, 2, 3, 4, 5];

    private static DateTimeOffset Verify(byte[] token, params TrustedCertificateAuthority[] authorities) =>
        SignedTimestampVerifier.Verify(token, Signature, authorities, "timestamp[0]");

    private static string Refused(byte[] token, params TrustedCertificateAuthority[] authorities)
    {
        var e = Assert.Throws<VerificationException>(() => Verify(token, authorities));
        Assert.Equal(VerificationErrorCode.TimestampInvalid, e.Code);
        return e.Message;
    }

    /// <summary>
    /// The whole timestamp is refused, and the chain check alone gives the reason. (The platform's CMS check already
    /// refuses some of these shapes — a signer without the timeStamping EKU, or not valid at genTime — before the
    /// chain check runs; the chain check must refuse them too, whatever the platform does.)
    /// </summary>
    private static void AssertRefused(string reason, X509Certificate2 signer, bool embedSigner, TrustedCertificateAuthority authority)
    {
        var message = Refused(Token(signer, Signature, embedSigner), authority);
        Assert.Contains("not signed by a trusted timestamp authority", message, StringComparison.Ordinal);
        Assert.Contains(reason, TimestampAuthorityChain.Refusal(signer, authority, GenTime), StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_that_is_the_authoritys_first_certificate_is_accepted()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: false), Authority(leaf, root)));
    }

    [Fact]
    public void Signer_issued_by_the_authoritys_ca_certificate_is_accepted()
    {
        using var root = SelfSignedCa("tsa-root");
        using var intermediate = Issue(root, "tsa-intermediate", IntermediateCa());
        using var leaf = Issue(intermediate, "tsa", TsaProfile());
        Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: true), Authority(intermediate, root)));
    }

    [Theory]
    [InlineData("tsa.example.com", true)]
    [InlineData("tsa.example.org", false)]
    public void A_signers_names_must_be_within_the_chains_name_constraints(string dns, bool within)
    {
        using var root = SelfSignedCa("tsa-root", extra: Signet.Testing.Certificates.NameConstraintsDer.Extension(true, ["dns:example.com"]));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dns);
        using var leaf = Issue(root, "tsa", [.. TsaProfile(), san.Build()]);

        // Issued below the authority's certificate, and as the authority's own first certificate (then checked with the chain).
        var below = Authority(root);
        var first = Authority(leaf, root);
        if (within)
        {
            Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: true), below));
            Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: false), first));
        }
        else
        {
            AssertRefused($"the signing certificate's DNS name '{dns}' is not within the permitted DNS constraints ('example.com') (name constraints of certificate 0", leaf, embedSigner: true, below);
            AssertRefused($"cannot be used: certificate 0 of the trusted chain's DNS name '{dns}' is not within the permitted DNS constraints ('example.com') (name constraints of certificate 1", leaf, embedSigner: false, first);
        }
    }

    [Fact]
    public void Signer_issued_by_another_ca_with_the_same_name_is_refused()
    {
        using var trusted = SelfSignedCa("tsa-ca");
        using var impostor = SelfSignedCa("tsa-ca");
        using var leaf = Issue(impostor, "tsa", TsaProfile());
        AssertRefused("neither the timestamp authority's certificate nor issued by it", leaf, embedSigner: true, Authority(trusted));
    }

    [Fact]
    public void Signer_with_the_trusted_signers_names_and_another_key_is_refused()
    {
        // The authority's chain is a trust anchor (TimestampAuthorityChain's doc): a certificate copying the trusted
        // signer's subject and issuer names, issued by an impostor root of the same name, is not the trusted one.
        using var root = SelfSignedCa("tsa-root");
        using var trusted = Issue(root, "tsa", TsaProfile());
        using var impostorRoot = SelfSignedCa("tsa-root");
        using var impostor = Issue(impostorRoot, "tsa", TsaProfile());
        Assert.Equal(trusted.SubjectName.RawData, impostor.SubjectName.RawData);
        Assert.Equal(trusted.IssuerName.RawData, impostor.IssuerName.RawData);
        AssertRefused("neither the timestamp authority's certificate nor issued by it", impostor, embedSigner: true, Authority(trusted, root));
    }

    [Fact]
    public void Signer_issued_by_a_non_ca_certificate_of_the_authority_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var tsaLeaf = Issue(root, "tsa", TsaProfile());
        using var below = Issue(tsaLeaf, "below-tsa", TsaProfile());
        AssertRefused("is not a CA", below, embedSigner: true, Authority(tsaLeaf, root));
    }

    [Fact]
    public void Signer_not_valid_at_the_stamped_time_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile(), GenTime.AddDays(-30), GenTime.AddDays(-1));
        AssertRefused("not valid at", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Authority_root_not_valid_at_the_stamped_time_is_refused()
    {
        using var root = SelfSignedCa("tsa-root", notAfter: GenTime.AddDays(-1));
        using var leaf = Issue(root, "tsa", TsaProfile());
        AssertRefused("not valid at", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_without_extended_key_usage_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [new X509BasicConstraintsExtension(false, false, 0, true)]);
        AssertRefused("no extended key usage", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_with_a_non_critical_timestamping_eku_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [Eku(false, TimeStamping)]);
        AssertRefused("is not critical", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_with_timestamping_and_another_eku_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [Eku(true, TimeStamping, CodeSigning)]);
        AssertRefused("not timeStamping alone", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_with_only_another_eku_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [Eku(true, CodeSigning)]);
        AssertRefused("not timeStamping alone", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_that_is_a_ca_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [new X509BasicConstraintsExtension(true, false, 0, true), Eku(true, TimeStamping)]);
        AssertRefused("is a CA certificate", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_whose_key_usage_excludes_signing_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, true), Eku(true, TimeStamping)]);
        AssertRefused("key usage allows neither", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_with_an_unknown_critical_extension_is_refused()
    {
        // RFC 5280 §4.2: a critical extension the verifier does not process makes the certificate unusable.
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [.. TsaProfile(), Unknown(critical: true)]);
        AssertRefused("critical extension the verifier does not process (1.3.6.1.4.1.55555.1;", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Fact]
    public void Signer_with_an_unknown_non_critical_extension_is_accepted()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", [.. TsaProfile(), Unknown(critical: false)]);
        Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: false), Authority(leaf, root)));
    }

    [Fact]
    public void Authority_root_with_an_unknown_critical_extension_is_refused()
    {
        using var root = SelfSignedCa("tsa-root", extra: Unknown(critical: true));
        using var leaf = Issue(root, "tsa", TsaProfile());
        AssertRefused("certificate 1 of the trusted chain has a critical extension the verifier does not process", leaf, embedSigner: false, Authority(leaf, root));
    }

    [Theory]
    [InlineData(TimeStamping)]
    [InlineData("2.5.29.37.0")] // anyExtendedKeyUsage
    public void Authority_ca_whose_extended_key_usage_allows_timestamping_is_accepted(string eku)
    {
        using var root = SelfSignedCa("tsa-root");
        using var intermediate = Issue(root, "tsa-intermediate", IntermediateCa(eku));
        using var leaf = Issue(intermediate, "tsa", TsaProfile());
        Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: true), Authority(intermediate, root)));
    }

    [Fact]
    public void Authority_ca_whose_extended_key_usage_excludes_timestamping_is_refused()
    {
        // Go's crypto/x509 (sigstore-go) refuses a chain whose extended key usages do not nest.
        using var root = SelfSignedCa("tsa-root");
        using var intermediate = Issue(root, "tsa-intermediate", IntermediateCa(CodeSigning));
        using var leaf = Issue(intermediate, "tsa", TsaProfile());
        AssertRefused($"certificate 0 of the trusted chain has an extended key usage without {TimeStamping}", leaf, embedSigner: true, Authority(intermediate, root));
    }

    [Fact]
    public void Authority_chain_longer_than_its_roots_path_length_constraint_is_refused()
    {
        using var root = SelfSignedCa("tsa-root", pathLength: 0);
        using var intermediate = Issue(root, "tsa-intermediate", IntermediateCa());
        using var leaf = Issue(intermediate, "tsa", TsaProfile());
        AssertRefused("certificate 1 of the trusted chain allows 0 CA certificate(s) below it, the chain has 1", leaf, embedSigner: true, Authority(intermediate, root));
    }

    [Fact]
    public void Authority_chain_within_its_roots_path_length_constraint_is_accepted()
    {
        using var root = SelfSignedCa("tsa-root", pathLength: 0);
        using var leaf = Issue(root, "tsa", TsaProfile());
        Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: false), Authority(leaf, root)));
    }

    [Fact]
    public void Token_over_another_signature_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        Assert.Contains("not over this bundle's signature", Refused(Token(leaf, [9, 9], embedSigner: false), Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_unknown_to_every_authority_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        using var otherRoot = SelfSignedCa("other-root");
        using var other = Issue(otherRoot, "other-tsa", TsaProfile());
        Assert.Contains("not signed by a trusted timestamp authority", Refused(Token(leaf, Signature, embedSigner: false), Authority(other, otherRoot)), StringComparison.Ordinal);
    }
}
