using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using static Signet.Core.Tests.Certificates.CertificateDer;

namespace Signet.Core.Tests.Certificates;

/// <summary>
/// <see cref="SigningCertificate.Decode"/> (RFC 5280 §4.1 in strict DER): what it reads equals what the platform's
/// certificate says, and each malformation — the ones <c>X509CertificateLoader</c> refused and the non-DER ones it
/// let through — is a <see cref="SignetFormatException"/>.
/// </summary>
public sealed class SigningCertificateDecodeTests
{
    private static readonly byte[] Good = Leaf();

    [Fact]
    public void A_certificate_reads_as_the_platform_reads_it()
    {
        using var platform = X509CertificateLoader.LoadCertificate(Good);
        var c = SigningCertificate.Decode(Good, "leaf");

        Assert.Equal(new DateTimeOffset(platform.NotBefore.ToUniversalTime(), TimeSpan.Zero), c.NotBefore);
        Assert.Equal(new DateTimeOffset(platform.NotAfter.ToUniversalTime(), TimeSpan.Zero), c.NotAfter);
        Assert.Equal(platform.PublicKey.ExportSubjectPublicKeyInfo(), c.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(platform.Extensions.Select(e => (e.Oid!.Value, e.Critical, Convert.ToHexString(e.RawData))), c.Extensions.Select(e => ((string?)e.Oid, e.Critical, Convert.ToHexString(e.Value.Span))));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, c.KeyUsage);
        Assert.Equal(["1.3.6.1.5.5.7.3.3"], c.ExtendedKeyUsages!);
        Assert.False(c.IsCertificateAuthority);
        Assert.True(SigningCertificate.Decode(Leaf(ca: true), "leaf").IsCertificateAuthority);
        Assert.Equal(platform.PublicKey.ExportSubjectPublicKeyInfo(), c.ImportKey().SpkiDer);
        Assert.Equal("alice@example.com", FulcioCertificate.From(c).SubjectAlternativeName);
        Assert.Equal(FulcioCertificate.From(platform).Extensions, FulcioCertificate.From(c).Extensions);
        Assert.True(c.IsValidAt(c.NotAfter) && !c.IsValidAt(c.NotAfter.AddSeconds(1)));
    }

    [Fact]
    public void Profile_extensions_are_optional()
    {
        var c = SigningCertificate.Decode(WithExtensions(Good, (Sample, null, Utf8("x"))), "leaf");

        Assert.Null(c.KeyUsage);
        Assert.Null(c.ExtendedKeyUsages);
        Assert.False(c.IsCertificateAuthority);
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "not a DER certificate", [.. Good, 0x00] },
        { "not a DER certificate", Ber(Good) },
        { "version is not v2 or v3", WithTbs(Good, f => [Hex("A003020100"), .. f.Skip(1)]) },
        { "version is not v2 or v3", WithTbs(Good, f => [Hex("A003020103"), .. f.Skip(1)]) },
        { "extensions in a v1 certificate", WithTbs(Good, f => f.Skip(1)) },
        { "extensions in a v2 certificate", WithTbs(Good, f => [Hex("A003020101"), .. f.Skip(1)]) },
        { "a unique identifier in a v1 certificate", WithTbs(Good, f => [.. f.Skip(1).Take(6), Hex("810200FF")]) },
        { "differs from the certificate's signatureAlgorithm", WithTbs(Good, f => [f[0], f[1], Hex("300A06082A8648CE3D040303"), .. f.Skip(3)]) },
        { "not a DER certificate", WithTbs(Good, f => [.. f.Take(3), Hex("3002" + "3100"), .. f.Skip(4)]) },
        { "not a DER certificate", WithTbs(Good, f => [.. f.Take(4), Hex("3000"), .. f.Skip(5)]) },
        { "subjectPublicKeyInfo is not a SEQUENCE", WithTbs(Good, f => [.. f.Take(6), Hex("0400"), f[7]]) },
        { "appears more than once", WithExtensions(Good, (Sample, null, Utf8("a")), (Sample, null, Utf8("b"))) },
        { "encodes the default critical FALSE", WithExtensions(Good, (Sample, false, Utf8("a"))) },
        { "an empty extensions list", WithTbs(Good, f => [.. f.Take(7), Hex("A3023000")]) },
        { "not a DER certificate", WithTbs(Good, f => [.. f, Hex("0500")]) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_certificate_is_refused(string because, byte[] der)
    {
        var e = Assert.Throws<SignetFormatException>(() => SigningCertificate.Decode(der, "leaf"));
        Assert.Contains(because, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> MalformedProfileExtensions() => new()
    {
        // basic constraints: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
        { X509Oids.BasicConstraints, "30030101FF00", "not DER" },
        { X509Oids.BasicConstraints, "3003010100", "encodes the default cA FALSE" },
        { X509Oids.BasicConstraints, "30030101FF" + "020101", "not DER" },
        { X509Oids.BasicConstraints, "30060101FF0201FF", "pathLenConstraint" },
        { X509Oids.BasicConstraints, "3003010101", "not DER" },
        { X509Oids.BasicConstraints, "0101FF", "not DER" },

        // key usage: a DER named bit list
        { X509Oids.KeyUsage, "03020080", "trailing zero bits" },
        { X509Oids.KeyUsage, "0303008040", "a bit past decipherOnly" },
        { X509Oids.KeyUsage, "0304008080FF", "a bit past decipherOnly" },
        { X509Oids.KeyUsage, "03020781", "not DER" },
        { X509Oids.KeyUsage, "040180", "not DER" },
        { X509Oids.KeyUsage, "030207800000", "not DER" },

        // extended key usage: SEQUENCE SIZE (1..MAX) OF OBJECT IDENTIFIER
        { X509Oids.ExtendedKeyUsage, "3000", "no key purpose" },
        { X509Oids.ExtendedKeyUsage, "30030101FF", "not DER" },
        { X509Oids.ExtendedKeyUsage, "060804", "not DER" },
    };

    [Theory]
    [MemberData(nameof(MalformedProfileExtensions))]
    public void A_malformed_profile_extension_is_refused(string oid, string valueHex, string because)
    {
        var e = Assert.Throws<SignetFormatException>(() => SigningCertificate.Decode(WithExtensionValue(Good, oid, Hex(valueHex)), "leaf"));
        Assert.Contains(because, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_usage_bits_read_as_the_platform_flags()
    {
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, CertificateProfileExtensions.ReadKeyUsage(Hex("030205A0")));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.DecipherOnly, CertificateProfileExtensions.ReadKeyUsage(Hex("0303078080")));
        Assert.Equal(X509KeyUsageFlags.None, CertificateProfileExtensions.ReadKeyUsage(Hex("030100")));
        Assert.True(CertificateProfileExtensions.ReadBasicConstraints(Hex("30060101FF020100")));
        Assert.False(CertificateProfileExtensions.ReadBasicConstraints(Hex("3000")));
    }

    /// <summary>The same certificate with its outer SEQUENCE's length in the long form where DER needs the short one.</summary>
    private static byte[] Ber(byte[] der)
    {
        // 30 82 HH LL → 30 83 00 HH LL: a non-minimal length.
        return [0x30, 0x83, 0x00, .. der.AsSpan(2)];
    }
}
