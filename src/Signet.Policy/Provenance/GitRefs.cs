using Signet.Core.Verification;

namespace Signet.Policy.Provenance;

/// <summary>
/// Git URIs and refs in the forms the SLSA GitHub builders write them (<c>git+https://github.com/ORG/REPO@refs/tags/v1</c>),
/// read as slsa-verifier reads them (verifiers/utils/git.go).
/// </summary>
internal static class GitRefs
{
    /// <summary><c>github.com/o/r</c> and <c>https://github.com/o/r</c> become <c>git+https://github.com/o/r</c>.</summary>
    public static string NormalizeUri(string s)
    {
        if (s.StartsWith("git+", StringComparison.Ordinal))
        {
            return s;
        }

        return s.Contains("://", StringComparison.Ordinal) ? "git+" + s : "git+https://" + s;
    }

    /// <summary>Splits <c>git+URI@REF</c> at the first '@'; the ref is "" when there is none.</summary>
    public static (string Uri, string Ref) SplitUriAndRef(string uri, string what)
    {
        if (uri.Length == 0 || !uri.StartsWith("git+", StringComparison.Ordinal))
        {
            throw new Core.SignetFormatException($"provenance {what}: '{uri}' is not a git URI (git+https://…)");
        }

        var at = uri.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (uri, "") : (uri[..at], uri[(at + 1)..]);
    }

    /// <summary>The tag name of <c>refs/tags/NAME</c>; any other ref is an invalid ref where a tag is required.</summary>
    public static string TagOf(string gitRef) => NameOf("tags", gitRef);

    /// <summary>The branch name of <c>refs/heads/NAME</c>; any other ref is an invalid ref where a branch is required.</summary>
    public static string BranchOf(string gitRef) => NameOf("heads", gitRef);

    private static string NameOf(string kind, string gitRef)
    {
        var parts = gitRef.Split('/', 3);
        var type = parts.Length == 3 && parts[0] == "refs" ? parts[1] : "";
        var name = parts.Length == 3 && parts[0] == "refs" ? parts[2] : gitRef;
        if (type != kind)
        {
            var expected = kind == "tags" ? "a tag (refs/tags/…)" : "a branch (refs/heads/…)";
            throw new VerificationException(VerificationErrorCode.InvalidRef, $"invalid ref: '{gitRef}' is not {expected}");
        }

        if (name.Length == 0)
        {
            throw new VerificationException(VerificationErrorCode.InvalidRef, $"invalid ref: '{gitRef}' has an empty name");
        }

        return name;
    }
}
