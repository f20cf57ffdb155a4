using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signet.Admission.Policies;
using Signet.Admission.Verification;
using Signet.Hosting;
using Signet.Hosting.Observability;
using Signet.Hosting.Tls;

namespace Signet.Admission.Hosting;

/// <summary>
/// The host of <c>signet admission serve</c>: Kestrel over HTTPS only (the API server calls webhooks over TLS) with
/// <c>POST /validate</c>, <c>POST /mutate</c> (<see cref="AdmissionEndpoints"/>) and <c>GET /healthz</c>; with
/// <c>--metrics</c>, <c>GET /metrics</c> (<see cref="ObservabilityRegistration"/>: the reviews and images of
/// <see cref="Telemetry.AdmissionTelemetry"/>, the request histogram by route and status), and OTLP export.
/// </summary>
public static class AdmissionServer
{
    /// <summary>Builds the application (not started): policies read, certificate loaded, everything validated now.
    /// <paramref name="configure"/> lets tests adjust services.</summary>
    /// <exception cref="Core.SignetConfigurationException">A setting, the certificate or the policy path cannot be used.</exception>
    /// <exception cref="Core.SignetFormatException">The policies are invalid.</exception>
    public static WebApplication Build(AdmissionServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var certificate = new ServerCertificate(new TlsOptions { CertificateFile = options.TlsCertificate, KeyFile = options.TlsKey }, TimeProvider.System);
        var builder = KestrelHost.CreateBuilder();
        builder.AddObservability(options.Observability with { ServiceName = "signet-admission" });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Reviews.AdmissionRequest.MaxBytes;
            k.Listen(options.Listen, l => TlsListen.Use(l, certificate));
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(certificate);
        builder.Services.AddSingleton(sp => new PolicyWatcher(options.Policies, options.PolicyPoll, sp.GetRequiredService<ILogger<PolicyWatcher>>()));
        builder.Services.AddSingleton(_ => new RegistryClients(RegistryClients.WebhookOptions(options.RegistryCredentials, options.AllowInsecureRegistry)));
        builder.Services.AddSingleton(_ => new ResultCache(options.CacheTtl, options.CacheMaxBytes));
        builder.Services.AddSingleton(sp => options.TrustSource is { } source
            ? new TrustWatcher(source, sp.GetRequiredService<ILogger<TrustWatcher>>())
            : new TrustWatcher(options.Trust!));
        builder.Services.AddSingleton(sp => new ImageAdmission(
            sp.GetRequiredService<TrustWatcher>(), sp.GetRequiredService<RegistryClients>(), sp.GetRequiredService<ResultCache>(), options.NoMatch));
        builder.Services.AddSingleton(sp => new AdmissionWebhook(sp.GetRequiredService<ImageAdmission>(), () => sp.GetRequiredService<PolicyWatcher>().Current));
        configure?.Invoke(builder);
        var app = builder.Build();
        certificate.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Signet.Admission.Tls");
        app.MapAdmission();
        app.MapObservability(options.Observability);
        _ = app.Services.GetRequiredService<PolicyWatcher>(); // the policies now, not on the first review
        _ = app.Services.GetRequiredService<TrustWatcher>(); // and the trusted root
        return app;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the host is asked to stop; tells
    /// <paramref name="onListening"/> the URL and the policies in force.</summary>
    public static Task RunAsync(AdmissionServerOptions options, Action<Uri, PolicySet> onListening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onListening);
        var app = Build(options);
        return KestrelHost.RunAsync(app, url => onListening(url, app.Services.GetRequiredService<PolicyWatcher>().Current), cancellationToken);
    }
}
