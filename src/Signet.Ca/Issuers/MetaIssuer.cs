using System.Text;
using System.Text.RegularExpressions;

namespace Signet.Ca.Issuers;

/// <summary>
/// A wildcard issuer (Fulcio <c>MetaIssuers</c>), e.g. <c>https://oidc.eks.*.amazonaws.com/id/*</c>. Each <c>*</c>
/// matches one or more of <c>[-_a-zA-Z0-9]</c> only, so a match can never leave the host or path segment the
/// operator meant: a token's <c>iss</c> cannot steer the CA to an arbitrary URL.
/// </summary>
public sealed class MetaIssuer
{
    private readonly Regex _regex;

    public MetaIssuer(string pattern, OidcIssuer template)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        Template = template;
        var sb = new StringBuilder("^");
        foreach (var part in pattern.Split('*'))
        {
            if (sb.Length > 1)
            {
                sb.Append("[-_a-zA-Z0-9]+");
            }

            sb.Append(Regex.Escape(part));
        }

        sb.Append('$');
        _regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(50));
    }

    public string Pattern { get; }

    /// <summary>The issuer settings applied to every matching URL (its <see cref="OidcIssuer.IssuerUrl"/> is the pattern).</summary>
    public OidcIssuer Template { get; }

    public bool Matches(string issuerUrl) => issuerUrl.Length <= 2048 && _regex.IsMatch(issuerUrl);
}
