using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Signet.Core.Certificates;

/// <summary>
/// What a Fulcio signing certificate says about the signer (sigstore/fulcio docs/certificate-specification.md,
/// docs/oid-info.md): the SANs, the OIDC issuer, and every 1.3.6.1.4.1.57264.1.* extension that carries a value.
/// </summary>
public sealed record FulcioCertificate(
    IReadOnlyList<SubjectAlternativeName> SubjectAlternativeNames,
    string? Issuer,
    IReadOnlyDictionary<string, string> Extensions)
{
    /// <summary>The single SAN Fulcio puts in a certificate (the first, when a foreign CA put several).</summary>
    public string? SubjectAlternativeName => SubjectAlternativeNames.Count > 0 ? SubjectAlternativeNames[0].Value : null;

    public string? Get(string oid) => Extensions.TryGetValue(oid, out var v) ? v : null;

    public string? BuildSignerUri => Get(FulcioOids.BuildSignerUri);

    public string? BuildSignerDigest => Get(FulcioOids.BuildSignerDigest);

    public string? RunnerEnvironment => Get(FulcioOids.RunnerEnvironment);

    public string? SourceRepositoryUri => Get(FulcioOids.SourceRepositoryUri);

    public string? SourceRepositoryDigest => Get(FulcioOids.SourceRepositoryDigest);

    public string? SourceRepositoryRef => Get(FulcioOids.SourceRepositoryRef);

    public string? BuildTrigger => Get(FulcioOids.BuildTrigger);

    public string? BuildConfigUri => Get(FulcioOids.BuildConfigUri);

    public string? RunInvocationUri => Get(FulcioOids.RunInvocationUri);

    /// <summary>GitHub workflow facts, from the current extensions or the deprecated .2–.6 ones.</summary>
    public string? GitHubWorkflowTrigger => Get(FulcioOids.GitHubWorkflowTrigger) ?? BuildTrigger;

    public string? GitHubWorkflowSha => Get(FulcioOids.GitHubWorkflowSha) ?? SourceRepositoryDigest;

    public string? GitHubWorkflowName => Get(FulcioOids.GitHubWorkflowName);

    public string? GitHubWorkflowRepository => Get(FulcioOids.GitHubWorkflowRepository);

    public string? GitHubWorkflowRef => Get(FulcioOids.GitHubWorkflowRef) ?? SourceRepositoryRef;

    public static FulcioCertificate From(X509Certificate2 certificate)
    {
        var sans = new List<SubjectAlternativeName>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ext in certificate.Extensions)
        {
            var oid = ext.Oid?.Value;
            if (oid is null)
            {
                continue;
            }

            if (oid == FulcioOids.SubjectAltName)
            {
                sans.AddRange(Certificates.SubjectAlternativeName.ReadExtension(ext.RawData));
            }
            else if (oid.StartsWith(FulcioOids.Prefix, StringComparison.Ordinal) && oid != FulcioOids.OtherName)
            {
                values[oid] = ReadValue(oid, ext.RawData);
            }
        }

        // oid-info.md: .8 supersedes .1; both carry the issuer URL.
        var issuer = values.GetValueOrDefault(FulcioOids.Issuer) ?? values.GetValueOrDefault(FulcioOids.IssuerV1);
        return new FulcioCertificate(sans, issuer, values);
    }

    private static string ReadValue(string oid, byte[] raw)
    {
        var arc = int.Parse(oid.AsSpan(FulcioOids.Prefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        if (arc <= 6)
        {
            // oid-info.md: the deprecated extensions hold the raw string bytes, not DER.
            return System.Text.Encoding.UTF8.GetString(raw);
        }

        try
        {
            var r = new AsnReader(raw, AsnEncodingRules.DER);
            var s = r.ReadCharacterString(UniversalTagNumber.UTF8String);
            r.ThrowIfNotEmpty();
            return s;
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"certificate extension {oid}: not a DER UTF8String", e);
        }
    }
}
