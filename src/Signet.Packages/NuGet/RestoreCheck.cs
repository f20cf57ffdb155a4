using Signet.Core;
using Signet.Packages.Archives;

namespace Signet.Packages.NuGet;

/// <summary>
/// The restore-time check behind <c>Signet.NuGet.Verify</c>: every restored package that a rule of the
/// <see cref="PackagePolicy"/> names is read from the package folder — the <c>.nupkg</c> the restore extracted the
/// project's assets from — and verified with <see cref="NuGetPackageVerifier"/> under the rule's identity. Packages
/// no rule names are not checked. Each refused package yields one <see cref="RestoreRefusal"/>.
/// </summary>
/// <param name="verifier">The package verifier (trust material parsed once).</param>
/// <param name="policy">The <c>signet-packages.yml</c> rules.</param>
public sealed class RestoreCheck(NuGetPackageVerifier verifier, PackagePolicy policy)
{
    /// <summary>Checks <paramref name="packages"/>; the result lists the refused ones (empty: all passed) and the number checked.</summary>
    public (IReadOnlyList<RestoreRefusal> Refused, int Checked) Check(IEnumerable<RestoredPackage> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var refused = new List<RestoreRefusal>();
        var count = 0;
        foreach (var package in packages)
        {
            if (policy.RuleFor(package.Id) is not { } rule)
            {
                continue;
            }

            count++;
            if (CheckOne(package, rule) is { } reason)
            {
                refused.Add(new RestoreRefusal(package.Id, package.Version, reason));
            }
        }

        return (refused, count);
    }

    private string? CheckOne(RestoredPackage package, PackageRule rule)
    {
        if (package.NupkgPath is null)
        {
            return "its .nupkg is not in the package folder, so its bundles cannot be checked";
        }

        byte[] bytes;
        try
        {
            var length = new FileInfo(package.NupkgPath).Length;
            if (length > ArchiveLimits.Default.MaxPackageBytes)
            {
                return $"{length} bytes is larger than the limit of {ArchiveLimits.Default.MaxPackageBytes}";
            }

            bytes = File.ReadAllBytes(package.NupkgPath);
        }
        catch (IOException e)
        {
            return $"cannot read {package.NupkgPath}: {e.Message}";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"cannot read {package.NupkgPath}: {e.Message}";
        }

        try
        {
            var result = verifier.Verify(NuGetPackage.Read(Path.GetFileName(package.NupkgPath), bytes), rule.Policy, rule.RequireAll);
            return result.Verified ? null : StripPrefix(result.Reason!, result);
        }
        catch (SignetFormatException e)
        {
            return e.Message;
        }
    }

    // The verification's reason starts with "ID VERSION"; the refusal names the package itself.
    private static string StripPrefix(string reason, NuGetVerification result)
    {
        var prefix = $"{result.Id} {result.Version}";
        return reason.StartsWith(prefix, StringComparison.Ordinal) ? reason[prefix.Length..].TrimStart(':', ' ') : reason;
    }
}

/// <summary>A package the restore-time check refused, and why (one line).</summary>
public sealed record RestoreRefusal(string Id, string Version, string Reason)
{
    /// <summary>The one-line message: <c>ID VERSION: reason</c>.</summary>
    public override string ToString() => $"{Id} {Version}: {Reason}";
}
