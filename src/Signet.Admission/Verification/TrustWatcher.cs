using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Policy.Policies;

namespace Signet.Admission.Verification;

/// <summary>
/// The trusted root the webhook verifies against, read again from its <see cref="TrustSource"/> every poll, so that a
/// key rotation reaches a running webhook (as policy-controller's TrustRoot resources and sigstore-go's live trusted root
/// do) instead of waiting for a restart: new keys' signatures were refused, and retired ones kept being trusted. A
/// changed root is decoded and swapped in whole; results verified under the previous one are not reused (the result
/// cache's key carries <see cref="Snapshot.Version"/>). A root that cannot be read or decoded leaves the previous one in
/// force and says why (<see cref="LastError"/>, <c>/healthz</c>, one log line per distinct failure).
/// </summary>
public sealed partial class TrustWatcher : IDisposable
{
    private readonly TrustSource? _source;
    private readonly ILogger _logger;
    private readonly Timer? _timer;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private Snapshot _current;

    /// <summary>Trust that does not change (a library caller's material).</summary>
    /// <param name="trust">The material.</param>
    public TrustWatcher(ITrustedMaterial trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _logger = NullLogger.Instance;
        _current = new Snapshot(new PolicyEvaluator(trust), "fixed");
    }

    /// <summary>Reads <paramref name="source"/> now (failing if it cannot) and again every <see cref="TrustSource.Poll"/>.</summary>
    /// <param name="source">Where the trusted root comes from.</param>
    /// <param name="logger">Where reloads and refusals are said.</param>
    /// <exception cref="SignetException">The trusted root cannot be read or is not one.</exception>
    public TrustWatcher(TrustSource source, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _logger = logger ?? NullLogger.Instance;
        _current = Decode(source.ReadAsync(CancellationToken.None).GetAwaiter().GetResult());
        _timer = new Timer(_ => _ = ReloadAsync(CancellationToken.None), null, source.Poll, source.Poll);
    }

    /// <summary>The trust in force: its evaluator, and its version (the trusted root's SHA-256, hex).</summary>
    public Snapshot Current => Volatile.Read(ref _current);

    /// <summary>Why the last reload was refused, or null when it succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>Reads the source again and swaps the trusted root in when it changed; keeps the previous one when it
    /// cannot be read or decoded.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (_source is null || !await _reloading.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return; // fixed, or a reload is running
        }

        try
        {
            Snapshot next;
            try
            {
                var json = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (Version(json) == Current.Version)
                {
                    LastError = null;
                    return;
                }

                next = Decode(json);
            }
            catch (Exception e) when (e is SignetException or IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
            {
                if (LastError != e.Message)
                {
                    LogRefused(_logger, _source.Name, e.Message);
                }

                LastError = e.Message;
                return;
            }

            LastError = null;
            Volatile.Write(ref _current, next);
            LogReloaded(_logger, _source.Name, next.Version[..16]);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer?.Dispose();
        _reloading.Dispose();
    }

    private static Snapshot Decode(byte[] json) =>
        new(new PolicyEvaluator(TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(json))), Version(json));

    private static string Version(byte[] json) => Convert.ToHexStringLower(SHA256.HashData(json));

    /// <summary>One trusted root in force.</summary>
    /// <param name="Evaluator">Evaluates policies against it.</param>
    /// <param name="Version">Its SHA-256 (hex), or <c>fixed</c>.</param>
    public sealed record Snapshot(PolicyEvaluator Evaluator, string Version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "trusted root from {Source} not reloaded; the previous one stays in force: {Reason}")]
    private static partial void LogRefused(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "trusted root reloaded from {Source} (version {Version})")]
    private static partial void LogReloaded(ILogger logger, string source, string version);
}
