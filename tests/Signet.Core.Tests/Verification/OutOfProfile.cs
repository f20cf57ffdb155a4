using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>Leaf extensions for <see cref="OutOfProfileCertificates"/>: Fulcio's profile, with exactly one part changed.</summary>
internal static class OutOfProfile
{
    public static List<X509Extension> FulcioExtensions(
        string email = BundleRequest.DefaultIdentity,
        bool ca = false,
        X509KeyUsageFlags keyUsage = X509KeyUsageFlags.DigitalSignature,
        string eku = X509Oids.CodeSigningEku)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        var issuer = new AsnWriter(AsnEncodingRules.DER);
        issuer.WriteCharacterString(UniversalTagNumber.UTF8String, InMemoryIdentityToken.Issuer);
        var list = new List<X509Extension>
        {
            new X509KeyUsageExtension(keyUsage, true),
            new X509EnhancedKeyUsageExtension([new Oid(eku)], false),
            san.Build(critical: true),
            new(FulcioOids.Issuer, issuer.Encode(), false),
        };
        if (ca)
        {
            list.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        }

        return list;
    }

    /// <summary>A provider of out-of-profile leaves valid from a minute ago for ten minutes (or the window given).</summary>
    public static OutOfProfileCertificates Provider(
        VirtualSigstore sigstore, IReadOnlyList<X509Extension> extensions, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var now = sigstore.Time.GetUtcNow();
        return new OutOfProfileCertificates(sigstore.Ca, extensions, notBefore ?? now.AddMinutes(-1), notAfter ?? now.AddMinutes(10));
    }
}
