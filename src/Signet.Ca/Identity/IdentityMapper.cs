using Signet.Ca.Issuers;
using Signet.Core.Certificates;

namespace Signet.Ca.Identity;

/// <summary>
/// Turns a verified token into the certificate identity its issuer type defines (Fulcio <c>pkg/identity/*</c>
/// principals). Every rule fails closed: a missing or unverified claim rejects the token.
/// </summary>
public static class IdentityMapper
{
    public static Principal Map(IssuerConfiguration configuration, OidcIssuer issuer, string tokenIssuer, TokenClaims claims)
    {
        var (kind, san, extensions) = issuer.Type switch
        {
            IssuerType.Email => Email(claims),
            IssuerType.Uri => UriIdentity(issuer, claims),
            IssuerType.Username => Username(issuer, claims),
            IssuerType.Kubernetes => Kubernetes(claims),
            IssuerType.Spiffe => Spiffe(issuer, claims),
            IssuerType.GithubWorkflow or IssuerType.GitlabPipeline or IssuerType.CiProvider => Ci(configuration.TemplateFor(issuer), issuer.Type, claims),
            _ => throw new InvalidOperationException($"issuer type {issuer.Type} is not handled"),
        };

        var all = new List<IdentityExtension>(extensions.Count + 2)
        {
            new(FulcioOids.IssuerV1, tokenIssuer, DerEncoded: false), // docs/oid-info.md .1 (deprecated, still read by older verifiers)
            new(FulcioOids.Issuer, tokenIssuer, DerEncoded: true),    // docs/oid-info.md .8
        };
        all.AddRange(extensions);
        RequirePrintable(san, "the subject alternative name", ascii: kind != SanKind.OtherName);
        foreach (var extension in all)
        {
            RequirePrintable(extension.Value, $"the value of extension {extension.Oid}", ascii: false);
        }

        var challenge = claims.RequireString(issuer.EffectiveChallengeClaim, "the proof-of-possession challenge");
        return new Principal(kind, san, tokenIssuer, all, challenge);
    }

    // Fulcio parses URI identities with Go's url.Parse, which refuses ASCII control characters ("invalid control
    // character in URL"), and Go's x509.CreateCertificate refuses email and URI SANs that are not IA5String (ASCII);
    // no claim with a control character (C0, DEL, C1) or an unpaired surrogate ends up in a certificate.
    private static void RequirePrintable(string value, string what, bool ascii)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[++i]) : !char.IsLowSurrogate(c);
            if (char.IsControl(c) || !paired || (ascii && c > '\u007E'))
            {
                throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken,
                    $"identity token: {what} contains {(ascii && !char.IsControl(c) && paired ? "a character outside ASCII" : "a control character")} (U+{(int)c:X4})");
            }
        }
    }

    // Fulcio pkg/identity/email: the email claim, and email_verified must be true.
    private static (SanKind, string, IReadOnlyList<IdentityExtension>) Email(TokenClaims claims)
    {
        var email = claims.RequireString("email", "the email identity");
        if (!claims.GetBoolean("email_verified"))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: email_verified is not true");
        }

        if (email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) <= 0 || email.AsSpan().ContainsAny("\r\n<> "))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: email is not an address");
        }

        return (SanKind.Email, email, []);
    }

    // Fulcio pkg/identity/uri: sub is a URI whose scheme and host match the configured subject domain.
    private static (SanKind, string, IReadOnlyList<IdentityExtension>) UriIdentity(OidcIssuer issuer, TokenClaims claims)
    {
        var sub = claims.RequireString("sub", "the URI identity");
        if (!Uri.TryCreate(sub, UriKind.Absolute, out var subject) || !Uri.TryCreate(issuer.SubjectDomain, UriKind.Absolute, out var domain)
            || !string.Equals(subject.Scheme, domain.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(subject.Host, domain.Host, StringComparison.OrdinalIgnoreCase))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, $"identity token: subject '{sub}' is not a URI under {issuer.SubjectDomain}");
        }

        return (SanKind.Uri, sub, []);
    }

    // Fulcio pkg/identity/username: OtherName "sub!domain"; '!' inside sub is refused.
    private static (SanKind, string, IReadOnlyList<IdentityExtension>) Username(OidcIssuer issuer, TokenClaims claims)
    {
        var sub = claims.RequireString("sub", "the username identity");
        if (sub.Contains('!', StringComparison.Ordinal))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: username contains '!'");
        }

        return (SanKind.OtherName, $"{sub}!{issuer.SubjectDomain}", []);
    }

    // Fulcio pkg/identity/kubernetes: https://kubernetes.io/namespaces/NS/serviceaccounts/NAME.
    private static (SanKind, string, IReadOnlyList<IdentityExtension>) Kubernetes(TokenClaims claims)
    {
        if (!claims.TryGetObject("kubernetes.io", out var k8s) || !k8s.TryGetObject("serviceaccount", out var sa))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: claim 'kubernetes.io' with a serviceaccount is missing");
        }

        var ns = k8s.RequireString("namespace", "the kubernetes namespace");
        var name = sa.RequireString("name", "the kubernetes service account");
        if (ns.Contains('/', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: kubernetes names contain '/'");
        }

        return (SanKind.Uri, $"https://kubernetes.io/namespaces/{ns}/serviceaccounts/{name}", []);
    }

    // Fulcio pkg/identity/spiffe: sub is spiffe://TRUST-DOMAIN/path.
    private static (SanKind, string, IReadOnlyList<IdentityExtension>) Spiffe(OidcIssuer issuer, TokenClaims claims)
    {
        var sub = claims.RequireString("sub", "the SPIFFE ID");
        if (!Uri.TryCreate(sub, UriKind.Absolute, out var id) || id.Scheme != "spiffe"
            || !string.Equals(id.Host, issuer.SpiffeTrustDomain, StringComparison.OrdinalIgnoreCase) || id.AbsolutePath.Length <= 1)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, $"identity token: '{sub}' is not a SPIFFE ID in trust domain {issuer.SpiffeTrustDomain}");
        }

        return (SanKind.Uri, sub, []);
    }

    // Fulcio pkg/identity/ciprovider: SAN and extensions from the provider's templates.
    private static (SanKind, string, IReadOnlyList<IdentityExtension>) Ci(CiProviderTemplate template, IssuerType type, TokenClaims claims)
    {
        var values = new Dictionary<string, string>(template.DefaultTemplateValues, StringComparer.Ordinal);
        foreach (var (k, v) in claims.Scalars())
        {
            values[k] = v;
        }

        if (type == IssuerType.GitlabPipeline && values.TryGetValue("ref", out var gitRef))
        {
            var refType = values.GetValueOrDefault("ref_type");
            values["source_repository_ref"] = refType == "branch" ? $"refs/heads/{gitRef}" : refType == "tag" ? $"refs/tags/{gitRef}"
                : throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: ref_type is neither branch nor tag");
        }

        var san = ClaimTemplate.Apply(template.SubjectAlternativeNameTemplate, values, "the subject alternative name");
        if (!Uri.TryCreate(san, UriKind.Absolute, out _))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, $"identity token: the SAN '{san}' built from its claims is not a URI");
        }

        var extensions = new List<IdentityExtension>();
        foreach (var (name, oid, der) in FulcioExtensions.All)
        {
            if (template.ExtensionTemplates.TryGetValue(name, out var t))
            {
                var value = ClaimTemplate.Apply(t, values, name);
                if (value.Length > 0)
                {
                    extensions.Add(new IdentityExtension(oid, value, der));
                }
            }
        }

        return (SanKind.Uri, san, extensions);
    }
}
