using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Core.Verification;
using static Signet.Core.Tests.Verification.TimestampChainFactory;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// The RFC 3161 token's CMS structure, read without the platform's CMS decoder (<c>TimeStampToken</c>,
/// <c>TimestampSigner</c>): each way of identifying the signer is accepted, each broken part of the SignedData is
/// refused — as a verification failure when the token is well-formed, as malformed input when it is not a
/// single-signer SignedData over an encapsulated TSTInfo.
/// </summary>
public sealed class TimestampTokenTests
{
    private static readonly byte[] Signature = [1, 2, 3, 4, 5];

    private static DateTimeOffset Verify(byte[] token, TrustedCertificateAuthority authority) =>
        SignedTimestampVerifier.Verify(token, Signature, [authority], "timestamp[0]");

    private static string Refused(byte[] token, TrustedCertificateAuthority authority)
    {
        var e = Assert.Throws<VerificationException>(() => Verify(token, authority));
        Assert.Equal(VerificationErrorCode.TimestampInvalid, e.Code);
        Assert.Contains("not signed by a trusted timestamp authority", e.Message, StringComparison.Ordinal);
        return e.Message;
    }

    private static string Malformed(byte[] token, TrustedCertificateAuthority authority)
        => Assert.Throws<SignetFormatException>(() => Verify(token, authority)).Message;

    [Fact]
    public void Signer_identified_by_subject_key_identifier_is_accepted()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var token = Token(leaf, Signature, embedSigner: false, SubjectIdentifierType.SubjectKeyIdentifier, SigningCertificateV2(leaf));
        Assert.Equal(GenTime, Verify(token, Authority(leaf, root)));
    }

    [Fact]
    public void Embedded_signer_that_is_the_trusted_certificate_is_accepted()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        Assert.Equal(GenTime, Verify(Token(leaf, Signature, embedSigner: true), Authority(leaf, root)));
    }

    [Fact]
    public void Token_without_a_signing_certificate_attribute_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var token = Token(leaf, Signature, embedSigner: false, SubjectIdentifierType.IssuerAndSerialNumber, essCertIdV2: null);
        Assert.Contains("no ESS signing-certificate attribute", Refused(token, Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_certificate_attribute_naming_another_certificate_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        using var other = Issue(root, "other-tsa", TsaProfile());
        var token = Token(leaf, Signature, embedSigner: true, SubjectIdentifierType.IssuerAndSerialNumber, SigningCertificateV2(other));
        Assert.Contains("does not name its signing certificate", Refused(token, Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_signature_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var token = Token(leaf, Signature, embedSigner: false);
        token[^1] ^= 0x01; // the last byte of the SignerInfo's signature (no unsigned attributes follow)
        Assert.Contains("signature does not verify", Refused(token, Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Message_digest_attribute_not_over_the_tstinfo_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var token = Token(leaf, Signature, embedSigner: false);
        var cms = new SignedCms();
        cms.Decode(token);
        var at = IndexOf(token, SHA256.HashData(cms.ContentInfo.Content), from: 0);
        token[at] ^= 0x01;
        Assert.Contains("message-digest attribute", Refused(token, Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Content_type_attribute_other_than_tstinfo_is_refused()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var token = Token(leaf, Signature, embedSigner: false);
        byte[] tstInfoOid = [0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x01, 0x04];
        var attribute = IndexOf(token, tstInfoOid, from: IndexOf(token, tstInfoOid, from: 0) + 1);
        token[attribute + tstInfoOid.Length - 1] = 0x05; // the signed content-type attribute's value, not eContentType
        Assert.Contains("content-type attribute", Refused(token, Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_with_two_signer_infos_is_malformed()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var cms = new SignedCms();
        cms.Decode(Token(leaf, Signature, embedSigner: false));
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, leaf) { IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.None });
        Assert.Contains("more than one SignerInfo", Malformed(cms.Encode(), Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_with_detached_content_is_malformed()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var attached = new SignedCms();
        attached.Decode(Token(leaf, Signature, embedSigner: false));
        var detached = new SignedCms(attached.ContentInfo, detached: true);
        detached.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, leaf) { IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.None });
        Assert.Contains("detached", Malformed(detached.Encode(), Authority(leaf, root)), StringComparison.Ordinal);
    }

    [Fact]
    public void Signed_content_that_is_not_a_tstinfo_is_malformed()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.7.1"), [0x04, 0x00]));
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, leaf) { IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.None });
        Assert.Contains("not a TSTInfo", Malformed(cms.Encode(), Authority(leaf, root)), StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        var at = haystack.AsSpan(from).IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in the token");
        return from + at;
    }
}
