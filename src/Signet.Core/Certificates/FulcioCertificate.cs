using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;

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

    /// <summary>
    /// The value of the Sigstore extension <paramref name="oid"/> (see <see cref="FulcioOids"/>), or null when absent.
    /// </summary>
    public string? Get(string oid) => Extensions.TryGetValue(oid, out var v) ? v : null;

    /// <summary>Fulcio extension .9, Build Signer URI.</summary>
    public string? BuildSignerUri => Get(FulcioOids.BuildSignerUri);

    /// <summary>Fulcio extension .10, Build Signer Digest.</summary>
    public string? BuildSignerDigest => Get(FulcioOids.BuildSignerDigest);

    /// <summary>Fulcio extension .11, Runner Environment.</summary>
    public string? RunnerEnvironment => Get(FulcioOids.RunnerEnvironment);

    /// <summary>Fulcio extension .12, Source Repository URI.</summary>
    public string? SourceRepositoryUri => Get(FulcioOids.SourceRepositoryUri);

    /// <summary>Fulcio extension .13, Source Repository Digest.</summary>
    public string? SourceRepositoryDigest => Get(FulcioOids.SourceRepositoryDigest);

    /// <summary>Fulcio extension .14, Source Repository Ref.</summary>
    public string? SourceRepositoryRef => Get(FulcioOids.SourceRepositoryRef);

    /// <summary>Fulcio extension .20, Build Trigger.</summary>
    public string? BuildTrigger => Get(FulcioOids.BuildTrigger);

    /// <summary>Fulcio extension .18, Build Config URI.</summary>
    public string? BuildConfigUri => Get(FulcioOids.BuildConfigUri);

    /// <summary>Fulcio extension .21, Run Invocation URI.</summary>
    public string? RunInvocationUri => Get(FulcioOids.RunInvocationUri);

    /// <summary>The event that triggered the workflow: deprecated extension .2, else .20 Build Trigger.</summary>
    public string? GitHubWorkflowTrigger => Get(FulcioOids.GitHubWorkflowTrigger) ?? BuildTrigger;

    /// <summary>The commit the workflow ran at: deprecated extension .3, else .13 Source Repository Digest.</summary>
    public string? GitHubWorkflowSha => Get(FulcioOids.GitHubWorkflowSha) ?? SourceRepositoryDigest;

    /// <summary>The workflow name: deprecated extension .4 (no current extension carries it).</summary>
    public string? GitHubWorkflowName => Get(FulcioOids.GitHubWorkflowName);

    /// <summary>The owner/name of the repository: deprecated extension .5.</summary>
    public string? GitHubWorkflowRepository => Get(FulcioOids.GitHubWorkflowRepository);

    /// <summary>The git ref the workflow ran on: deprecated extension .6, else .14 Source Repository Ref.</summary>
    public string? GitHubWorkflowRef => Get(FulcioOids.GitHubWorkflowRef) ?? SourceRepositoryRef;

    /// <summary>
    /// Reads the SANs and every Sigstore extension of <paramref name="certificate"/>; .8 values are DER UTF8String,
    /// .1–.6 raw strings.
    /// </summary>
    public static FulcioCertificate From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return From(certificate.Extensions.Where(e => e.Oid?.Value is not null).Select(e => (e.Oid!.Value!, (ReadOnlyMemory<byte>)e.RawData)));
    }

    /// <summary>The same reading of a certificate decoded with <see cref="SigningCertificate.Decode"/>.</summary>
    public static FulcioCertificate From(SigningCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return From(certificate.Extensions.Select(e => (e.Oid, e.Value)));
    }

    private static FulcioCertificate From(IEnumerable<(string Oid, ReadOnlyMemory<byte> Value)> extensions)
    {
        var sans = new List<SubjectAlternativeName>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (oid, value) in extensions)
        {
            if (oid == X509Oids.SubjectAltName)
            {
                sans.AddRange(Certificates.SubjectAlternativeName.ReadExtension(value));
            }
            else if (oid.StartsWith(FulcioOids.Prefix, StringComparison.Ordinal) && oid != FulcioOids.OtherName)
            {
                values[oid] = ReadValue(oid, value);
            }
        }

        // oid-info.md: .8 supersedes .1; both carry the issuer URL.
        var issuer = values.GetValueOrDefault(FulcioOids.Issuer) ?? values.GetValueOrDefault(FulcioOids.IssuerV1);
        return new FulcioCertificate(sans, issuer, values);
    }

    private static string ReadValue(string oid, ReadOnlyMemory<byte> raw)
    {
        var arc = int.Parse(oid.AsSpan(FulcioOids.Prefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        if (arc <= 6)
        {
            // oid-info.md: the deprecated extensions hold the raw string bytes, not DER.
            return System.Text.Encoding.UTF8.GetString(raw.Span);
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
