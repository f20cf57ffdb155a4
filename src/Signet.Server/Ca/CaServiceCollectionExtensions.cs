namespace Signet.Server.Ca;

/// <summary>Registers the CA and its CT log (services <c>ca</c> and <c>ct</c>).</summary>
public static class CaServiceCollectionExtensions
{
    public static IServiceCollection AddCa(this IServiceCollection services, SignetServerOptions options)
    {
        if (!options.Runs("ca") && !options.Runs("ct"))
        {
            return services;
        }

        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton(sp => new CaRuntime(
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PublicBaseUrl>(),
            sp.GetRequiredService<ILogger<CaRuntime>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CaRuntime>());
        services.AddSingleton<Health.IReadinessCheck>(sp => sp.GetRequiredService<CaRuntime>());
        return services;
    }
}
