using Signet.Hosting;
using Signet.Hosting.Observability;
using Signet.Hosting.Tls;
using Signet.Server.Ca;
using Signet.Server.Explorer;
using Signet.Server.Health;
using Signet.Server.Log;
using Signet.Server.Oidc;
using Signet.Server.Trust;
using Signet.Server.Tsa;
using Signet.Server.Tuf;

namespace Signet.Server;

/// <summary>
/// Composes every Signet service on one base URL. Each area lives in <c>src/Signet.Server/&lt;Area&gt;/</c> and adds
/// exactly one <c>Add&lt;Area&gt;</c> line and one <c>Map&lt;Area&gt;</c> line below, gated by <c>--services</c>.
/// </summary>
public static partial class SignetServer
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Builds the application (not started). <paramref name="configure"/> lets tests adjust services.</summary>
    public static WebApplication Build(SignetServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var builder = KestrelHost.CreateBuilder(options.MaxConnections);

        // Until the host has started, its own failure log ("Hosting failed to start" and a stack trace) is dropped:
        // signet serve reports a startup failure as one line and exit 5 (StartupFailure). After start it logs as usual.
        // JSON logs (--log-format json) are for operators' collectors: Signet's own information lines go there too.
        var started = false;
        var signetMinimum = options.Observability.JsonLogs ? LogLevel.Information : LogLevel.Warning;
        builder.Logging.SetMinimumLevel(signetMinimum);
        builder.Logging.AddFilter((category, level) =>
            level >= (category?.StartsWith("Signet.", StringComparison.Ordinal) == true ? signetMinimum : LogLevel.Warning)
            && (Volatile.Read(ref started) || !string.Equals(category, HostCategory, StringComparison.Ordinal)));
        builder.AddObservability(options.Observability);

        // TLS (--tls-cert/--tls-key): the pair is loaded now, so a missing or mismatched file fails the start.
        var certificate = options.Tls is { } tls ? new ServerCertificate(tls, TimeProvider.System) : null;

        // Port 0: bind before anything is named after the address — the log's origin defaults to the listen
        // address and the trust material lists the URL — so both carry the port the OS picked, not ":0".
        options = options with
        {
            Listen = ListenEndpoint.UseOn(builder, options.Listen, options.MaxRequestBodyBytes, certificate is null ? null : l => TlsListen.Use(l, certificate)),
        };
        // --rotate: new keys before any service opens its own; the keys rotated before stay current on a restart.
        options = Rotation.KeyRotation.Apply(options, options.Rotate.Count > 0 ? Rotation.KeyRotation.Time(TimeProvider.System) : TimeProvider.System.GetUtcNow());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);

        // One line per area (Add<Area>), gated by --services.
        if (options.Runs("log")) builder.Services.AddLog(options);
        if (options.Runs("tsa")) builder.Services.AddTsa(options);
        if (options.Runs("ca") || options.Runs("ct")) builder.Services.AddCa(options);
        if (options.DevOidc) builder.Services.AddDevOidc(options);

        if (options.Runs("tuf")) builder.Services.AddTuf(options);

        if (certificate is not null) builder.Services.AddSingleton(certificate);

        configure?.Invoke(builder);
        var app = builder.Build();
        certificate?.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Signet.Server.Tls");
        app.Lifetime.ApplicationStarted.Register(() => Volatile.Write(ref started, true));
        app.UseMiddleware<ProblemMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.MapHealth(options);

        // One line per area (Map<Area>), gated by --services.
        if (options.Runs("log")) app.MapLog();
        if (options.Runs("log")) app.MapExplorer();
        if (options.Runs("tsa")) app.MapTsa();
        if (options.Runs("ca") || options.Runs("ct")) app.MapCa(options);
        if (options.DevOidc) app.MapDevOidc();

        if (options.Runs("tuf")) app.MapTuf();
        app.MapObservability(options.Observability);

        return app;
    }

    /// <summary>Starts the application and returns the base URL Kestrel actually bound (port 0 resolved).</summary>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var url = await KestrelHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
        Announce(app, url);
        return url;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "clock: {Warning}")]
    private static partial void LogClockWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "signet: listening on {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the host is asked to stop (SIGTERM, Ctrl+C).</summary>
    public static Task RunAsync(SignetServerOptions options, Action<Uri> onListening, CancellationToken cancellationToken) =>
        RunAsync(options, onListening, null, cancellationToken);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires or the host is asked to stop. Its start — keys, CA and TSA
    /// chains, databases and the TUF repository made on first start, trust material written once it listens — holds
    /// the data directory's start lock (<see cref="StartLock"/>): front ends started at once on one data directory
    /// take turns, so the second loads what the first made instead of making its own.
    /// </summary>
    /// <param name="options">The server's settings.</param>
    /// <param name="onListening">Told the base URL once the server listens.</param>
    /// <param name="onWaitingForStart">Told once when another server's start holds the lock and this one waits.</param>
    /// <param name="cancellationToken">Stops the server (and a wait for the lock).</param>
    public static async Task RunAsync(SignetServerOptions options, Action<Uri> onListening, Action? onWaitingForStart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onListening);
        Directory.CreateDirectory(options.DataDirectory);
        var starting = StartLock.Acquire(options.DataDirectory, onWaitingForStart, cancellationToken);
        try
        {
            var app = Build(options);
            await KestrelHost.RunAsync(app, url =>
            {
                Announce(app, url);
                starting.Dispose();
                onListening(url);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            starting.Dispose();
        }
    }

    // Once bound: the trust material names the real URL, and the log says where the server listens.
    private static void Announce(WebApplication app, Uri url)
    {
        var root = TrustMaterialFiles.Write(app.Services, app.Services.GetRequiredService<SignetServerOptions>(), url);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Signet.Server");
        foreach (var warning in ClockAgainstTrust.NotYetValid(root, app.Services.GetRequiredService<TimeProvider>().GetUtcNow()))
        {
            LogClockWarning(logger, warning);
        }

        var shown = url.ToString().TrimEnd('/');
        LogListening(logger, shown);
    }
}
