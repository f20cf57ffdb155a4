using Signet.Analysis.Packages;

namespace Signet.Analysis.Provenance;

/// <summary>
/// Findings from provenance: a bundle that does not verify, provenance naming another source repository than the
/// package's own metadata, and provenance that the previous version had and this one lost.
/// </summary>
public static class ProvenanceRules
{
    public static IReadOnlyList<Finding> Evaluate(PackageContents package, ProvenanceSummary current, ProvenanceSummary? previous)
    {
        var findings = new List<Finding>();
        switch (current.Status)
        {
            case ProvenanceStatus.Invalid:
                findings.Add(Finding.Of(Rules.ProvenanceInvalid, Severity.High, "provenance", current.Detail ?? "a provenance bundle did not verify"));
                break;
            case ProvenanceStatus.Verified when package.Repository is { } declared && current.SourceRepository is { } proven
                && !string.Equals(RepositoryUrl.Normalize(declared), RepositoryUrl.Normalize(proven), StringComparison.Ordinal):
                findings.Add(Finding.Of(Rules.ProvenanceRepositoryMismatch, Severity.High, "provenance", $"metadata names {declared}, provenance was built from {proven}"));
                break;
            case ProvenanceStatus.None when previous is { Status: ProvenanceStatus.Verified } before:
                findings.Add(Finding.Of(Rules.ProvenanceLost, Severity.High, "provenance", $"the previous version was built from {before.SourceRepository ?? "(unnamed)"} with provenance; this version has none"));
                break;
        }

        return findings;
    }
}

/// <summary>Repository URLs in one comparable form: <c>https://host/owner/repo</c>, lower-case, without <c>.git</c> or a trailing slash.</summary>
public static class RepositoryUrl
{
    public static string Normalize(string url)
    {
        var u = url.Trim();
        if (u.StartsWith("git+", StringComparison.OrdinalIgnoreCase))
        {
            u = u[4..];
        }

        if (u.StartsWith("github:", StringComparison.OrdinalIgnoreCase))
        {
            u = "https://github.com/" + u[7..];
        }
        else if (u.StartsWith("git@", StringComparison.OrdinalIgnoreCase) && u.IndexOf(':', StringComparison.Ordinal) is var colon and > 4)
        {
            u = "https://" + u[4..colon] + "/" + u[(colon + 1)..];
        }
        else if (!u.Contains("://", StringComparison.Ordinal) && u.Count(c => c == '/') == 1)
        {
            u = "https://github.com/" + u; // npm's "owner/repo" shorthand
        }

        var scheme = u.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            u = "https://" + u[(scheme + 3)..];
        }

        var at = u.IndexOf('@', StringComparison.Ordinal);
        var firstSlash = u.IndexOf('/', 8);
        if (at > 0 && (firstSlash < 0 || at < firstSlash))
        {
            u = "https://" + u[(at + 1)..];
        }

        var hash = u.IndexOfAny(['#', '?']);
        if (hash > 0)
        {
            u = u[..hash];
        }

        u = u.TrimEnd('/');
        if (u.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            u = u[..^4];
        }

        return u.ToLowerInvariant();
    }
}
