using Signet.Core;

namespace Signet.Ca.Issuers;

/// <summary>
/// The issuers a CA trusts: exact URLs first, then wildcard meta-issuers, plus the CI provider templates. Built once,
/// validated on construction; <see cref="TryFind"/> is the only way a token's <c>iss</c> reaches the network layer.
/// </summary>
public sealed class IssuerConfiguration
{
    private readonly Dictionary<string, OidcIssuer> _issuers;

    public IssuerConfiguration(
        IEnumerable<OidcIssuer> issuers,
        IEnumerable<MetaIssuer>? metaIssuers = null,
        IReadOnlyDictionary<string, CiProviderTemplate>? ciProviders = null)
    {
        _issuers = new Dictionary<string, OidcIssuer>(StringComparer.Ordinal);
        foreach (var issuer in issuers)
        {
            Validate(issuer, issuer.IssuerUrl, ciProviders);
            if (!_issuers.TryAdd(issuer.IssuerUrl, issuer))
            {
                throw new SignetFormatException($"issuer configuration: issuer '{issuer.IssuerUrl}' is configured twice");
            }
        }

        MetaIssuers = (metaIssuers ?? []).ToArray();
        foreach (var meta in MetaIssuers)
        {
            Validate(meta.Template, meta.Pattern.Replace("*", "x", StringComparison.Ordinal), ciProviders);
        }

        CiProviders = ciProviders ?? new Dictionary<string, CiProviderTemplate>();
    }

    public IReadOnlyCollection<OidcIssuer> Issuers => _issuers.Values;

    public IReadOnlyList<MetaIssuer> MetaIssuers { get; }

    public IReadOnlyDictionary<string, CiProviderTemplate> CiProviders { get; }

    /// <summary>The issuer configured for <paramref name="issuerUrl"/> (exact match, else the first meta-issuer matching it).</summary>
    public bool TryFind(string issuerUrl, out OidcIssuer issuer)
    {
        if (_issuers.TryGetValue(issuerUrl, out var exact))
        {
            issuer = exact;
            return true;
        }

        foreach (var meta in MetaIssuers)
        {
            if (meta.Matches(issuerUrl))
            {
                issuer = meta.Template with { IssuerUrl = issuerUrl };
                return true;
            }
        }

        issuer = null!;
        return false;
    }

    /// <summary>The template a CI issuer's identity is built from.</summary>
    public CiProviderTemplate TemplateFor(OidcIssuer issuer) => issuer.Type switch
    {
        IssuerType.GithubWorkflow => BuiltInCiProviders.GithubWorkflow,
        IssuerType.GitlabPipeline => BuiltInCiProviders.GitlabPipeline,
        IssuerType.CiProvider => CiProviders[issuer.CiProvider!],
        _ => throw new InvalidOperationException($"issuer type {issuer.Type} has no CI template"),
    };

    private static void Validate(OidcIssuer issuer, string url, IReadOnlyDictionary<string, CiProviderTemplate>? ciProviders)
    {
        var what = $"issuer configuration: issuer '{issuer.IssuerUrl}'";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new SignetFormatException($"{what}: the URL must be absolute https (http only on loopback)");
        }

        if (string.IsNullOrEmpty(issuer.ClientId))
        {
            throw new SignetFormatException($"{what}: the client id (audience) is empty");
        }

        switch (issuer.Type)
        {
            case IssuerType.Uri or IssuerType.Username when string.IsNullOrEmpty(issuer.SubjectDomain):
                throw new SignetFormatException($"{what}: type {IssuerTypes.ToName(issuer.Type)} needs SubjectDomain");
            case IssuerType.Spiffe when string.IsNullOrEmpty(issuer.SpiffeTrustDomain):
                throw new SignetFormatException($"{what}: type spiffe needs SPIFFETrustDomain");
            case IssuerType.CiProvider when issuer.CiProvider is null || ciProviders is null || !ciProviders.ContainsKey(issuer.CiProvider):
                throw new SignetFormatException($"{what}: type ci-provider needs CIProvider naming an entry of CIIssuerMetadata");
            default:
                break;
        }
    }
}
