using Microsoft.Extensions.DependencyInjection;
using Signet.Tsa;

namespace Signet.Server.Tsa;

/// <summary>Registers the timestamp authority: its chain and key under the data directory, created on first start.</summary>
public static class TsaServiceCollectionExtensions
{
    public static IServiceCollection AddTsa(this IServiceCollection services, SignetServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => TsaCredentials.LoadOrCreate(
            options.PathOf("tsa"), options.PathOf("keys"), sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(sp => new TimestampAuthority(
            sp.GetRequiredService<TsaCredentials>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
