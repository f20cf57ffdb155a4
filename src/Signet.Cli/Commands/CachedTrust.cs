using Signet.Client.Services;
using Signet.Tuf.Bootstrap;
using Signet.Tuf.Client;

namespace Signet.Cli.Commands;

/// <summary>
/// The trust every verify and sign command uses when no <c>--trusted-root</c> is given: the targets of the local TUF
/// trust store (<c>$SIGNET_TUF_CACHE</c> or <c>~/.signet/tuf</c>, written by <c>signet trust init/update</c>),
/// bootstrapped from the embedded Sigstore public-good root when there is none (<see cref="CachedTrustRoot"/> has the
/// rules: offline while fresh, one day of cache validity as in sigstore-go, fail closed when expired and unreachable).
/// </summary>
internal static class CachedTrust
{
    private static readonly HttpClient Http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout);

    public static CachedTrustRoot Open() =>
        new(Store(null), mirror => new HttpTufRemote(Http, mirror), SigstorePublicGood.Mirror, SigstorePublicGood.TufRoot());

    /// <summary>
    /// The trust store in <paramref name="folder"/> (default <see cref="TrustRootStore.DefaultDirectory"/>), saying on
    /// stderr when it waits for another process that holds it (a wait of minutes must not look like a hang).
    /// </summary>
    public static TrustRootStore Store(string? folder)
    {
        var store = new TrustRootStore(folder ?? TrustRootStore.DefaultDirectory);
        store.Waiting += () => Console.Error.WriteLine($"signet: waiting for another process using the trust store {store.Cache.Directory}");
        return store;
    }

    /// <summary><c>trusted_root.json</c> from the trust store; a stale-cache warning goes to <paramref name="warnings"/>.</summary>
    public static async Task<byte[]> TrustedRootJsonAsync(TextWriter warnings, CancellationToken cancellationToken = default) =>
        Warn(await Open().TrustedRootAsync(cancellationToken).ConfigureAwait(false), warnings);

    /// <summary><c>signing_config.v0.2.json</c> from the trust store.</summary>
    public static async Task<byte[]> SigningConfigJsonAsync(TextWriter warnings, CancellationToken cancellationToken = default)
    {
        try
        {
            return Warn(await Open().SigningConfigAsync(cancellationToken).ConfigureAwait(false), warnings);
        }
        catch (TufException e) when (e.Code == TufErrorCode.NotFound)
        {
            throw new TufException(TufErrorCode.NotFound, $"{e.Message}; pass --signing-config FILE", e);
        }
    }

    private static byte[] Warn(CachedTarget target, TextWriter warnings)
    {
        if (target.StaleWarning is { } warning)
        {
            warnings.WriteLine($"signet: warning: {warning}");
        }

        return target.Data;
    }
}
