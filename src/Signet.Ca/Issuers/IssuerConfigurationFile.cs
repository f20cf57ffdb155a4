using System.Text.Json;
using Signet.Core;

namespace Signet.Ca.Issuers;

/// <summary>
/// Reads an issuer configuration in Fulcio's JSON shape (<c>pkg/config/config.go</c>):
/// <c>{"OIDCIssuers": {url: {...}}, "MetaIssuers": {pattern: {...}}, "CIIssuerMetadata": {name: {...}}}</c>, each
/// issuer with <c>IssuerURL, ClientID, Type, ChallengeClaim, SubjectDomain, SPIFFETrustDomain, CIProvider</c>.
/// Keys are matched case-insensitively; extension template names in Fulcio's Go (<c>BuildSignerURI</c>) or YAML
/// (<c>build-signer-uri</c>) spelling.
/// </summary>
public static class IssuerConfigurationFile
{
    private const int MaxBytes = 1 << 20;

    public static IssuerConfiguration Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            throw new SignetFormatException("issuer configuration: file larger than 1 MiB");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"issuer configuration: not JSON ({e.Message})", e);
        }

        // Comments and trailing commas are allowed, as Fulcio's config loader allows them, so StrictJson cannot read
        // it; a name or string that is not valid Unicode throws when read, and is refused here.
        try
        {
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new SignetFormatException("issuer configuration: the top level is not an object");
                }

                var issuers = new List<OidcIssuer>();
                var metas = new List<MetaIssuer>();
                var ci = new Dictionary<string, CiProviderTemplate>(StringComparer.Ordinal);
                foreach (var prop in root.EnumerateObject())
                {
                    switch (prop.Name.ToUpperInvariant())
                    {
                        case "OIDCISSUERS":
                            foreach (var (url, value) in Members(prop.Value, "OIDCIssuers"))
                            {
                                issuers.Add(ReadIssuer(value, url));
                            }

                            break;
                        case "METAISSUERS":
                            foreach (var (pattern, value) in Members(prop.Value, "MetaIssuers"))
                            {
                                metas.Add(new MetaIssuer(pattern, ReadIssuer(value, pattern)));
                            }

                            break;
                        case "CIISSUERMETADATA":
                            foreach (var (name, value) in Members(prop.Value, "CIIssuerMetadata"))
                            {
                                ci[name] = ReadCiProvider(value, name);
                            }

                            break;
                        default:
                            break; // unknown top-level settings are ignored, as Fulcio does
                    }
                }

                return new IssuerConfiguration(issuers, metas, ci);
            }
        }
        catch (InvalidOperationException e)
        {
            throw new SignetFormatException("issuer configuration: a name or string is not valid Unicode (invalid UTF-8 or a lone surrogate)", e);
        }
    }

    private static (string Name, JsonElement Value)[] Members(JsonElement e, string what)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"issuer configuration: {what} is not an object");
        }

        return e.EnumerateObject().Select(p => (p.Name, p.Value)).ToArray();
    }

    private static OidcIssuer ReadIssuer(JsonElement e, string key)
    {
        var what = $"issuer configuration: issuer '{key}'";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{what} is not an object");
        }

        string? url = null, clientId = null, type = null, challenge = null, domain = null, spiffe = null, ciProvider = null;
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw new SignetFormatException($"{what}: {p.Name} is not a string");
            switch (p.Name.ToUpperInvariant())
            {
                case "ISSUERURL": url = v; break;
                case "CLIENTID": clientId = v; break;
                case "TYPE": type = v; break;
                case "CHALLENGECLAIM": challenge = v; break;
                case "SUBJECTDOMAIN": domain = v; break;
                case "SPIFFETRUSTDOMAIN": spiffe = v; break;
                case "CIPROVIDER": ciProvider = v; break;
                default: break;
            }
        }

        if (url is not null && !string.Equals(url, key, StringComparison.Ordinal))
        {
            throw new SignetFormatException($"{what}: IssuerURL '{url}' differs from its key");
        }

        return new OidcIssuer
        {
            IssuerUrl = key,
            ClientId = string.IsNullOrEmpty(clientId) ? OidcIssuer.DefaultAudience : clientId,
            Type = IssuerTypes.Parse(type ?? throw new SignetFormatException($"{what}: Type is missing")),
            ChallengeClaim = string.IsNullOrEmpty(challenge) ? null : challenge,
            SubjectDomain = domain,
            SpiffeTrustDomain = spiffe,
            CiProvider = ciProvider,
        };
    }

    private static CiProviderTemplate ReadCiProvider(JsonElement e, string name)
    {
        var what = $"issuer configuration: CIIssuerMetadata '{name}'";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{what} is not an object");
        }

        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        string? san = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal))
            {
                case "DEFAULTTEMPLATEVALUES":
                    foreach (var (k, v) in Members(p.Value, what + " DefaultTemplateValues"))
                    {
                        defaults[k] = v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SignetFormatException($"{what}: default '{k}' is not a string");
                    }

                    break;
                case "EXTENSIONTEMPLATES":
                    foreach (var (k, v) in Members(p.Value, what + " ExtensionTemplates"))
                    {
                        var ext = FulcioExtensions.CanonicalName(k) ?? throw new SignetFormatException($"{what}: unknown extension '{k}'");
                        templates[ext] = v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SignetFormatException($"{what}: template '{k}' is not a string");
                    }

                    break;
                case "SUBJECTALTERNATIVENAMETEMPLATE":
                    san = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw new SignetFormatException($"{what}: SubjectAlternativeNameTemplate is not a string");
                    break;
                default:
                    break;
            }
        }

        return new CiProviderTemplate
        {
            DefaultTemplateValues = defaults,
            ExtensionTemplates = templates,
            SubjectAlternativeNameTemplate = san ?? throw new SignetFormatException($"{what}: SubjectAlternativeNameTemplate is missing"),
        };
    }
}
