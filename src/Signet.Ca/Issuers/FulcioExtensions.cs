namespace Signet.Ca.Issuers;

/// <summary>
/// Sigstore's certificate extension OIDs under 1.3.6.1.4.1.57264.1 (Fulcio docs/oid-info.md), by Fulcio's names.
/// .1–.6 are raw strings (deprecated, still emitted for GitHub); .8–.23 are DER UTF8String.
/// </summary>
public static class FulcioExtensions
{
    public const string Arc = "1.3.6.1.4.1.57264.1";
    public const string IssuerV1 = Arc + ".1";
    public const string OtherNameSan = Arc + ".7";
    public const string Issuer = Arc + ".8";

    /// <summary>Fulcio's YAML name → OID, and whether the value is DER-encoded (true from .8 on).</summary>
    public static IReadOnlyList<(string Name, string Oid, bool Der)> All { get; } =
    [
        ("github-workflow-trigger", Arc + ".2", false),
        ("github-workflow-sha", Arc + ".3", false),
        ("github-workflow-name", Arc + ".4", false),
        ("github-workflow-repository", Arc + ".5", false),
        ("github-workflow-ref", Arc + ".6", false),
        ("build-signer-uri", Arc + ".9", true),
        ("build-signer-digest", Arc + ".10", true),
        ("runner-environment", Arc + ".11", true),
        ("source-repository-uri", Arc + ".12", true),
        ("source-repository-digest", Arc + ".13", true),
        ("source-repository-ref", Arc + ".14", true),
        ("source-repository-identifier", Arc + ".15", true),
        ("source-repository-owner-uri", Arc + ".16", true),
        ("source-repository-owner-identifier", Arc + ".17", true),
        ("build-config-uri", Arc + ".18", true),
        ("build-config-digest", Arc + ".19", true),
        ("build-trigger", Arc + ".20", true),
        ("run-invocation-uri", Arc + ".21", true),
        ("source-repository-visibility-at-signing", Arc + ".22", true),
        ("deployment-environment", Arc + ".23", true),
    ];

    /// <summary>The YAML name for <c>build-signer-uri</c>, <c>BuildSignerURI</c> or <c>buildSignerUri</c>; null if unknown.</summary>
    public static string? CanonicalName(string name)
    {
        var squashed = Squash(name);
        foreach (var (n, _, _) in All)
        {
            if (Squash(n) == squashed)
            {
                return n;
            }
        }

        return null;
    }

    public static (string Oid, bool Der) Lookup(string canonicalName)
    {
        foreach (var (n, oid, der) in All)
        {
            if (n == canonicalName)
            {
                return (oid, der);
            }
        }

        throw new KeyNotFoundException(canonicalName);
    }

    private static string Squash(string s) => s.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
