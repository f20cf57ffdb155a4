namespace Signet.Server.Tuf;

/// <summary>Registers the TUF area: the repository keeper (<see cref="TufRepositoryService"/>).</summary>
public static class TufServiceCollectionExtensions
{
    public static IServiceCollection AddTuf(this IServiceCollection services, SignetServerOptions options)
    {
        _ = options;
        services.AddSingleton<TufRepositoryService>();
        services.AddHostedService(sp => sp.GetRequiredService<TufRepositoryService>());
        return services;
    }
}
