using Signet.Core.Verification;

namespace Signet.Policy.Policies;

/// <summary>
/// The trusted root narrowed to what an authority names: only the certificate authority whose URI is its
/// <c>keyless.url</c>, only the transparency log whose base URL is its <c>ctlog.url</c>. Narrowing never adds trust.
/// </summary>
internal sealed class ScopedTrustedMaterial(ITrustedMaterial inner, string? fulcioUrl, string? ctlogUrl) : ITrustedMaterial
{
    public IReadOnlyList<TrustedLog> TransparencyLogs { get; } =
        ctlogUrl is null ? inner.TransparencyLogs : inner.TransparencyLogs.Where(l => SameUrl(l.BaseUrl, ctlogUrl!)).ToArray();

    public IReadOnlyList<TrustedCertificateAuthority> CertificateAuthorities { get; } =
        fulcioUrl is null ? inner.CertificateAuthorities : inner.CertificateAuthorities.Where(c => SameUrl(c.Uri, fulcioUrl!)).ToArray();

    public IReadOnlyList<TrustedLog> CtLogs => inner.CtLogs;

    public IReadOnlyList<TrustedCertificateAuthority> TimestampAuthorities => inner.TimestampAuthorities;

    /// <summary>Why nothing can verify under this scope, or null when the trusted root has what the authority names.</summary>
    public string? Gap()
    {
        if (fulcioUrl is not null && CertificateAuthorities.Count == 0)
        {
            return $"the trusted root has no certificate authority at {fulcioUrl} (keyless.url)";
        }

        return ctlogUrl is not null && TransparencyLogs.Count == 0 ? $"the trusted root has no transparency log at {ctlogUrl} (ctlog.url)" : null;
    }

    private static bool SameUrl(string a, string b)
        => Uri.TryCreate(a.TrimEnd('/'), UriKind.Absolute, out var ua) && Uri.TryCreate(b.TrimEnd('/'), UriKind.Absolute, out var ub) && ua == ub;
}
