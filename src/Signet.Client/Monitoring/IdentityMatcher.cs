using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Certificates;

namespace Signet.Client.Monitoring;

/// <summary>One monitored value found in a log entry.</summary>
/// <param name="Identity">What matched: a SAN or subject, a fingerprint, or <c>OID=value</c>.</param>
/// <param name="Issuer">The certificate's OIDC issuer (or issuer name), when the material is a certificate.</param>
/// <param name="MatchedBy">Which matcher: <c>certIdentity</c>, <c>subject</c>, <c>fingerprint</c> or <c>oid</c>.</param>
/// <param name="Fingerprint">SHA-256 of the certificate or key (DER), lowercase hex.</param>
public sealed record IdentityMatch(string Identity, string? Issuer, string MatchedBy, string Fingerprint);

/// <summary>
/// Matches an entry's key material against a <see cref="MonitorConfig"/> as rekor-monitor does: certificate subjects
/// (SANs, subject name) and issuers by regular expression, subjects by regular expression, fingerprints exactly
/// (SHA-256 of the certificate or SPKI DER), extension values exactly. A certificate that does not parse matches nothing.
/// </summary>
public static class IdentityMatcher
{
    /// <summary>Every match of <paramref name="material"/> under <paramref name="config"/>.</summary>
    /// <param name="config">What is watched for.</param>
    /// <param name="material">The entry's certificates and keys.</param>
    public static IReadOnlyList<IdentityMatch> Match(MonitorConfig config, EntryMaterial material)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(material);
        var matches = new List<IdentityMatch>();
        foreach (var der in material.Certificates)
        {
            MatchCertificate(config, der, matches);
        }

        foreach (var spki in material.PublicKeys)
        {
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(spki));
            if (config.Fingerprints.Contains(fingerprint))
            {
                matches.Add(new IdentityMatch(fingerprint, null, "fingerprint", fingerprint));
            }
        }

        return matches;
    }

    private static void MatchCertificate(MonitorConfig config, byte[] der, List<IdentityMatch> matches)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(der));
        if (config.Fingerprints.Contains(fingerprint))
        {
            matches.Add(new IdentityMatch(fingerprint, null, "fingerprint", fingerprint));
        }

        if (config.CertificateIdentities.Count + config.Subjects.Count + config.Extensions.Count == 0)
        {
            return;
        }

        X509Certificate2 certificate;
        FulcioCertificate fulcio;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
            fulcio = FulcioCertificate.From(certificate);
        }
        catch (Exception e) when (e is CryptographicException or Core.SignetException)
        {
            return; // not a certificate this monitor can read: nothing to match
        }

        using (certificate)
        {
            var issuer = fulcio.Issuer ?? certificate.Issuer;
            IEnumerable<string> subjects = [.. fulcio.SubjectAlternativeNames.Select(s => s.Value), certificate.Subject];
            foreach (var id in config.CertificateIdentities)
            {
                var subject = subjects.FirstOrDefault(id.Subject.IsMatch);
                if (subject is not null && (id.Issuers.Count == 0 || id.Issuers.Any(r => r.IsMatch(issuer))))
                {
                    matches.Add(new IdentityMatch(subject, issuer, "certIdentity", fingerprint));
                }
            }

            foreach (var pattern in config.Subjects)
            {
                if (subjects.FirstOrDefault(pattern.IsMatch) is { } subject)
                {
                    matches.Add(new IdentityMatch(subject, issuer, "subject", fingerprint));
                }
            }

            foreach (var ext in config.Extensions)
            {
                var value = fulcio.Get(ext.Oid) ?? RawValue(certificate, ext.Oid);
                if (value is not null && ext.Values.Contains(value))
                {
                    matches.Add(new IdentityMatch($"{ext.Oid}={value}", issuer, "oid", fingerprint));
                }
            }
        }
    }

    // An extension outside Fulcio's arc: a DER string, else its raw bytes as UTF-8.
    private static string? RawValue(X509Certificate2 certificate, string oid)
    {
        if (certificate.Extensions[oid] is not { } ext)
        {
            return null;
        }

        try
        {
            var reader = new AsnReader(ext.RawData, AsnEncodingRules.DER);
            return reader.PeekTag().TagClass == TagClass.Universal ? reader.ReadCharacterString((UniversalTagNumber)reader.PeekTag().TagValue) : null;
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            return System.Text.Encoding.UTF8.GetString(ext.RawData);
        }
    }
}
