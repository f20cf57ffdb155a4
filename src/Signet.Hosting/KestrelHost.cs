using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Signet.Hosting;

/// <summary>
/// The life of one of Signet's Kestrel applications: built from a slim builder that logs warnings and worse, started
/// with the address Kestrel actually bound reported back (port 0 resolved), then run until the token fires or the host
/// is asked to stop (SIGTERM, Ctrl+C) and disposed.
/// </summary>
public static partial class KestrelHost
{
    /// <summary>Below this many connections at once, a server started with the default limit says so when it starts.</summary>
    public const int FewConnections = 1000;

    /// <summary>
    /// A slim builder that is given none of the process's command-line arguments (only the host setting below), logging at <see cref="LogLevel.Warning"/> and above, that watches
    /// no files: the host's default <c>appsettings.json</c> sources reload on change through a watcher of the content
    /// root (the working directory) and every directory below it — on Linux one inotify watch per directory (36,261
    /// for a server started in <c>/tmp</c>) and, for every write below it (a log's own tiles when its data directory is
    /// there, or another process's), an event the server reads and filters. Signet's services take their settings
    /// from their options, not from those files, so they are read once and never watched.
    /// </summary>
    /// <param name="maxConnections">The most connections served at once (<c>--max-connections</c>); by default what
    /// the open-file limit leaves (<see cref="ConnectionLimit"/>).</param>
    /// <exception cref="Core.SignetConfigurationException">The open-file limit is too low for the server or for
    /// <paramref name="maxConnections"/>.</exception>
    public static WebApplicationBuilder CreateBuilder(int? maxConnections = null)
    {
        // Before anything else is loaded: under a limit too low for the runtime itself, the next assembly load fails
        // with a misleading "Could not load file or assembly".
        var openFiles = ConnectionLimit.OpenFileLimit();
        var limit = ConnectionLimit.Resolve(maxConnections, openFiles);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = limit);
        if (maxConnections is null && limit < FewConnections)
        {
            builder.Services.AddSingleton(new LowOpenFileLimit(limit.Value, openFiles ?? 0));
        }

        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns the first base URL Kestrel bound.</summary>
    /// <param name="app">The built application.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (app.Services.GetService<LowOpenFileLimit>() is { } low)
        {
            FewConnectionsAllowed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectionLimit).FullName!), low.Connections, low.OpenFiles);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }

    /// <summary>
    /// Starts <paramref name="app"/>, tells <paramref name="onListening"/> the bound URL, and waits for shutdown; the
    /// application is disposed when this returns.
    /// </summary>
    /// <param name="app">The built application (owned from here on).</param>
    /// <param name="onListening">Called once the application listens.</param>
    /// <param name="cancellationToken">Stops the application.</param>
    public static async Task RunAsync(WebApplication app, Action<Uri> onListening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(onListening);
        await using (app.ConfigureAwait(false))
        {
            var url = await StartAsync(app, cancellationToken).ConfigureAwait(false);
            onListening(url);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record LowOpenFileLimit(int Connections, long OpenFiles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "at most {Connections} connections at once: the open-file limit is {OpenFiles} and {Reserve} descriptors are kept for the server itself; raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit) to serve more, or set --max-connections")]
    private static partial void FewConnectionsAllowed(ILogger logger, int connections, long openFiles, int reserve = ConnectionLimit.Reserve);
}
