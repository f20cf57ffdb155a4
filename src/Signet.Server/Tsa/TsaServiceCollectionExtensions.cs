using Signet.Tsa;

namespace Signet.Server.Tsa;

/// <summary>Registers the timestamp authority: its chain and key under the data directory, created on first start, or the operator's key (<c>--tsa-key</c>, a file or a PKCS#11 token's) with a chain made for it.</summary>
public static class TsaServiceCollectionExtensions
{
    public static IServiceCollection AddTsa(this IServiceCollection services, SignetServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => options.TsaKey is { } key
            ? TsaCredentials.LoadOrCreateFor(options.PathOf("tsa"), ServerKeys.OpenEcdsa(key, "--tsa-key"), sp.GetRequiredService<TimeProvider>().GetUtcNow())
            : TsaCredentials.LoadOrCreate(options.PathOf("tsa"), options.PathOf("keys"), sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(sp => new TimestampAuthority(
            sp.GetRequiredService<TsaCredentials>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Health.IReadinessCheck>(sp => new TsaReadiness(sp.GetRequiredService<TsaCredentials>()));
        return services;
    }
}
