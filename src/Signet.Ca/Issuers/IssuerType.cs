using Signet.Core;

namespace Signet.Ca.Issuers;

/// <summary>
/// How an issuer's token becomes a certificate identity (Fulcio <c>pkg/config/config.go</c> <c>IssuerType</c>).
/// </summary>
public enum IssuerType
{
    /// <summary>The <c>email</c> claim (which must be verified) becomes an rfc822Name SAN.</summary>
    Email,

    /// <summary>The <c>sub</c> claim is a URI under the issuer's subject domain; it becomes a URI SAN.</summary>
    Uri,

    /// <summary>The <c>sub</c> claim is a user name; <c>sub!subject-domain</c> becomes an OtherName SAN (OID .7).</summary>
    Username,

    /// <summary>GitHub Actions workflow identity: SAN and extensions .9–.22 from the built-in template.</summary>
    GithubWorkflow,

    /// <summary>GitLab CI pipeline identity: SAN and extensions from the built-in template.</summary>
    GitlabPipeline,

    /// <summary>Kubernetes service account: <c>https://kubernetes.io/namespaces/NS/serviceaccounts/SA</c>.</summary>
    Kubernetes,

    /// <summary>SPIFFE ID in <c>sub</c>, under the configured trust domain; it becomes a URI SAN.</summary>
    Spiffe,

    /// <summary>Generic CI provider: SAN and extensions from configured claim templates.</summary>
    CiProvider,
}

/// <summary>The configuration names of <see cref="IssuerType"/>, as Fulcio spells them.</summary>
public static class IssuerTypes
{
    private static readonly (string Name, IssuerType Type)[] Names =
    [
        ("email", IssuerType.Email),
        ("uri", IssuerType.Uri),
        ("username", IssuerType.Username),
        ("github-workflow", IssuerType.GithubWorkflow),
        ("gitlab-pipeline", IssuerType.GitlabPipeline),
        ("kubernetes", IssuerType.Kubernetes),
        ("spiffe", IssuerType.Spiffe),
        ("ci-provider", IssuerType.CiProvider),
    ];

    public static IssuerType Parse(string name)
    {
        foreach (var (n, t) in Names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        throw new SignetFormatException($"issuer type: unknown type '{name}' (expected one of {string.Join(", ", Names.Select(n => n.Name))})");
    }

    public static string ToName(IssuerType type)
    {
        foreach (var (n, t) in Names)
        {
            if (t == type)
            {
                return n;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type));
    }
}
