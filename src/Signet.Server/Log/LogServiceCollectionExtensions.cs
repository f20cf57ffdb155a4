namespace Signet.Server.Log;

public static class LogServiceCollectionExtensions
{
    /// <summary>Adds the transparency log (opened at start from <c>DIR/log</c>).</summary>
    public static IServiceCollection AddLog(this IServiceCollection services, SignetServerOptions options, LogServerOptions? logOptions = null)
    {
        services.AddSingleton(logOptions ?? new LogServerOptions());
        services.AddSingleton<LogHost>();
        services.AddHostedService(sp => sp.GetRequiredService<LogHost>());
        services.AddSingleton<Health.IReadinessCheck>(sp => sp.GetRequiredService<LogHost>());
        return services;
    }
}
