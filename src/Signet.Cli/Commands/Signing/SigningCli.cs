using System.Security.Cryptography;
using Signet.Cli.Commands;
using Signet.Client;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Bundle;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// What the signing commands share: loading the signing config and trusted root, and mapping failures to one line and
/// an exit code.
/// </summary>
internal static class SigningCli
{
    /// <summary>Runs a command body; any failure is one line on stderr prefixed with the command, and an exit code.</summary>
    public static async Task<int> RunAsync(string command, TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            await error.WriteLineAsync($"signet {command}: {OneLine(e.Message)}").ConfigureAwait(false);
            return code;
        }
    }

    private static int? Classify(Exception e) => e switch
    {
        Core.Verification.VerificationException => ExitCodes.VerificationFailed,
        Tuf.Client.TufException tuf => CachedTrust.ExitCodeOf(tuf),
        SigstoreServiceException => ExitCodes.ServiceError,
        SignetFormatException or IdentityTokenException or KeyPasswordException => ExitCodes.InvalidInput,
        IOException or UnauthorizedAccessException => ExitCodes.InvalidInput,
        CryptographicException => ExitCodes.InvalidInput,
        _ => null,
    };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// The services to sign with and the trusted root to check the new bundle against. <c>--signing-config</c> with
    /// <c>--trusted-root</c> (or the <c>trusted_root.json</c> beside it, as <c>signet serve</c> writes them) bypasses TUF;
    /// with neither, both come from the TUF trust store (<see cref="CachedTrust"/>). <c>--trusted-root</c> alone is
    /// refused: mixing a local trust root with services named through TUF would check the bundle against the wrong keys.
    /// </summary>
    public static async Task<(SigningConfig Config, TrustedRoot TrustedRoot)> LoadTrustAsync(
        string? signingConfigPath, string? trustedRootPath, TextWriter warnings, CancellationToken cancellationToken)
    {
        if (signingConfigPath is null)
        {
            if (trustedRootPath is not null)
            {
                throw new SignetFormatException("--trusted-root bypasses TUF, so pass --signing-config FILE as well (or neither, to use the TUF trust store)");
            }

            var config = SigningConfig.Parse(await CachedTrust.SigningConfigJsonAsync(warnings, cancellationToken).ConfigureAwait(false));
            var root = TrustedRoot.Parse(await CachedTrust.TrustedRootJsonAsync(warnings, cancellationToken).ConfigureAwait(false));
            return (config, root);
        }

        var local = SigningConfig.Parse(LocalFile.Read(signingConfigPath, "signing config", SigningConfig.MaxSize));
        if (trustedRootPath is null)
        {
            var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(signingConfigPath))!, "trusted_root.json");
            if (File.Exists(sibling))
            {
                trustedRootPath = sibling;
            }
        }

        var trustedRoot = trustedRootPath is null
            ? TrustedRoot.Parse(await CachedTrust.TrustedRootJsonAsync(warnings, cancellationToken).ConfigureAwait(false))
            : TrustedRoot.Parse(LocalFile.Read(trustedRootPath, "trusted root", TrustedRoot.MaxSize));
        return (local, trustedRoot);
    }
}
