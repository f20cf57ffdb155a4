using Signet.Client;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Tuf.Client;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// What the signing commands share: loading the signing config and trusted root.
/// </summary>
internal static class SigningCli
{

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
            var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(signingConfigPath))!, TrustRootStore.TrustedRootTarget);
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
