using Signet.Core.Notes;
using Signet.Hosting;
using Signet.Hosting.Observability;
using Signet.Hosting.Tls;
using Signet.Server.Health;
using Signet.Witness;

namespace Signet.Server.Witness;

/// <summary>
/// The host of <c>signet witness serve</c>: one <see cref="TlogWitness"/> over <c>DATA/witness.db</c> with the key of
/// <c>DATA/witness.key</c> (made on first start) or the operator's (<c>--key</c>: a PEM file or a PKCS#11 token's),
/// answering C2SP tlog-witness requests (<see cref="WitnessEndpoints"/>); with <c>signet serve</c>'s operations:
/// <c>GET /healthz</c>, metrics and traces (<see cref="ObservabilityRegistration"/>), HTTPS (<c>--tls-cert</c>, <c>--tls-key</c>).
/// </summary>
public static partial class WitnessServer
{
    /// <summary>Builds the application (not started); the witness's key is loaded or made here.
    /// <paramref name="configure"/> lets tests adjust services (e.g. the clock).</summary>
    public static WebApplication Build(WitnessServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var builder = KestrelHost.CreateBuilder(options.MaxConnections);
        builder.AddObservability(options.Observability with { ServiceName = "signet-witness" });

        // TLS (--tls-cert/--tls-key) as signet serve does it: the pair is loaded now, so a bad file fails the start.
        var certificate = options.Tls is { } tls ? new ServerCertificate(tls, TimeProvider.System) : null;
        ListenEndpoint.UseOn(builder, options.Listen, AddCheckpointLimit, certificate is null ? null : l => TlsListen.Use(l, certificate));
        if (certificate is not null)
        {
            builder.Services.AddSingleton(certificate);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            // The container disposes the store at shutdown (it waits for a background checkpoint that is running).
            var store = WitnessStore.Open(Path.Combine(options.DataDirectory, "witness.db"));
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<WitnessStore>();
            store.CheckpointFailed += e => CheckpointFailed(logger, e);
            return store;
        });
        builder.Services.AddSingleton(sp => new TlogWitness(
            Cosigner(options, sp.GetRequiredService<TimeProvider>()),
            new WitnessedLogs(options.Logs),
            sp.GetRequiredService<WitnessStore>()));
        configure?.Invoke(builder);
        var app = builder.Build();
        certificate?.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Signet.Server.Tls");
        app.UseMiddleware<ProblemMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.MapHealth(["witness"]);
        app.MapWitness();
        app.MapObservability(options.Observability);
        _ = app.Services.GetRequiredService<TlogWitness>(); // key and database now, not on the first request
        return app;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the host is asked to stop; tells
    /// <paramref name="onListening"/> the URL and the witness's verifier key.</summary>
    public static Task RunAsync(WitnessServerOptions options, Action<Uri, TlogWitness> onListening, CancellationToken cancellationToken) =>
        RunAsync(options, onListening, null, cancellationToken);

    /// <summary>
    /// <see cref="RunAsync(WitnessServerOptions, Action{Uri, TlogWitness}, CancellationToken)"/>, making the key and the
    /// database under the data directory's start lock (<see cref="StartLock"/>): witnesses started at once on one data
    /// directory take turns, so the second loads the key the first made (its state is safe to share: every cosigning
    /// is a conditional write, <see cref="WitnessStore.TryAdvance"/>).
    /// </summary>
    /// <param name="options">The witness's settings.</param>
    /// <param name="onListening">Told the URL and the witness once it listens.</param>
    /// <param name="onWaitingForStart">Told once when another start holds the lock and this one waits.</param>
    /// <param name="cancellationToken">Stops the witness (and a wait for the lock).</param>
    public static async Task RunAsync(WitnessServerOptions options, Action<Uri, TlogWitness> onListening, Action? onWaitingForStart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onListening);
        Directory.CreateDirectory(options.DataDirectory);
        WebApplication app;
        using (StartLock.Acquire(options.DataDirectory, onWaitingForStart, cancellationToken))
        {
            app = Build(options);
        }

        await KestrelHost.RunAsync(app, url => onListening(url, app.Services.GetRequiredService<TlogWitness>()), cancellationToken).ConfigureAwait(false);
    }

    // The operator's key (a PEM file or a token's, through the same opener as signet serve's keys), else DATA/witness.key.
    private static CosignatureV1Signer Cosigner(WitnessServerOptions options, TimeProvider clock) =>
        options.Key is { } key
            ? WitnessKey.FromKey(options.DataDirectory, options.Name, ServerKeys.OpenSigningKey(key, "--key"), clock, "--key")
            : WitnessKey.LoadOrCreate(options.DataDirectory, options.Name, clock);

    [LoggerMessage(Level = LogLevel.Warning, Message = "witness database: a background WAL checkpoint failed; it is tried again later")]
    private static partial void CheckpointFailed(ILogger logger, Exception exception);

    // A checkpoint note and 63 proof lines (C2SP tlog-witness), with room for the request line and headers.
    private const long AddCheckpointLimit = Core.Notes.AddCheckpointRequest.MaxBytes + 4096;
}
