using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Packages.NuGet;

/// <summary>What became of one file of a package.</summary>
public enum NuGetFileStatus
{
    /// <summary>Its bundle verified under the policy.</summary>
    Verified,

    /// <summary>Its bundle did not verify (signature, certificate, log entry or identity).</summary>
    Refused,

    /// <summary>Its bundle is malformed, or names a file that is not in the package.</summary>
    Invalid,

    /// <summary>A DLL without a bundle where every DLL must have one.</summary>
    MissingBundle,

    /// <summary>A DLL without a bundle, and none was required.</summary>
    NotRequired,
}

/// <summary>One file's outcome: the file, its bundle, the status, the verification result or the reason it failed.</summary>
public sealed record NuGetFileOutcome(string Path, string? BundlePath, NuGetFileStatus Status, VerificationResult? Result, string? Reason)
{
    /// <summary>The verifier's code when the bundle was refused.</summary>
    public VerificationErrorCode? Code { get; init; }
}

/// <summary>The outcome of verifying one package: every signed file, and every DLL without a bundle.</summary>
public sealed record NuGetVerification(string Id, string Version, bool RequireAll, IReadOnlyList<NuGetFileOutcome> Files)
{
    /// <summary>Whether the package passes: at least one bundle, each verified, and (with require-all) no unsigned DLL.</summary>
    public bool Verified => Files.Any(f => f.Status == NuGetFileStatus.Verified)
        && Files.All(f => f.Status is NuGetFileStatus.Verified or NuGetFileStatus.NotRequired);

    /// <summary>The first reason the package does not pass, in one line, or null when it does.</summary>
    public string? Reason
    {
        get
        {
            if (Verified)
            {
                return null;
            }

            var bad = Files.FirstOrDefault(f => f.Status is NuGetFileStatus.Invalid)
                ?? Files.FirstOrDefault(f => f.Status is NuGetFileStatus.Refused or NuGetFileStatus.MissingBundle);
            return bad is null
                ? $"{Id} {Version} carries no Sigstore bundle"
                : $"{Id} {Version}: {bad.Path}: {bad.Reason}";
        }
    }

    /// <summary>
    /// Throws when the package does not pass: <see cref="SignetFormatException"/> when a bundle is malformed or names a
    /// missing file (invalid input), else <see cref="VerificationException"/>.
    /// </summary>
    public void ThrowIfNotVerified()
    {
        if (Reason is not { } reason)
        {
            return;
        }

        if (Files.Any(f => f.Status == NuGetFileStatus.Invalid))
        {
            throw new SignetFormatException(reason);
        }

        var failed = Files.Where(f => f.Status is NuGetFileStatus.Refused or NuGetFileStatus.MissingBundle).ToList();
        var code = failed.FirstOrDefault(f => f.Code is not null)?.Code ?? VerificationErrorCode.BundleIncomplete;
        throw new VerificationException(code, failed.Count > 1 ? $"{reason} (and {failed.Count - 1} more)" : reason);
    }
}
