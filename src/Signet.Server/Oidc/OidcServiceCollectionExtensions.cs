using Signet.Server.Ca;

namespace Signet.Server.Oidc;

/// <summary>Registers the development OIDC issuer (<c>--dev-oidc</c>).</summary>
public static class OidcServiceCollectionExtensions
{
    public static IServiceCollection AddDevOidc(this IServiceCollection services, SignetServerOptions options)
    {
        services.AddSingleton(sp => DevelopmentIssuer.LoadOrCreate(options.PathOf("keys", "dev-oidc.key.pem"), sp.GetRequiredService<TimeProvider>(), Console.Error));
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton<PendingLogins>();
        services.AddHostedService<DevOidcAnnouncement>();
        return services;
    }
}

/// <summary>Prints the startup line that says the development issuer is running and what it is not for.</summary>
internal sealed class DevOidcAnnouncement(IHostApplicationLifetime lifetime, PublicBaseUrl baseUrl, DevelopmentIssuer issuer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = issuer.KeyId; // create the key now, not on the first request
        lifetime.ApplicationStarted.Register(() => Console.Error.WriteLine(
            $"signet: WARNING: development OIDC issuer at {baseUrl.Value}{DevelopmentIssuer.EmailPath} (and {DevelopmentIssuer.GithubActionsPath}) — for development only, it gives any identity to anyone; never use it in production"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
