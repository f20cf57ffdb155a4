using Signet.Core;
using Signet.Core.Bundles;
using Signet.Tuf.Client;

namespace Signet.Server.Trust;

/// <summary>
/// When the trusted root's window of one of the server's log keys opens (the Rekor v1 and v2 keys, the CT log's key).
/// Such a key has no certificate to date it: its window is dated once, by the key file's time (an operator's key: the
/// public key file written when it was first used), and from then on kept as the trusted root written last lists it for
/// the same key (its log ID). So a data directory restored or copied with new file times does not move the window past
/// what the key signed before, which would leave every earlier bundle of the log failing verification against the new
/// trusted root. A new key (first start, <c>--rotate</c>) opens no earlier than the last retired key's window ended.
/// </summary>
internal sealed class LogKeyWindows
{
    private readonly IReadOnlyList<TransparencyLogInstance> _written;

    private LogKeyWindows(IReadOnlyList<TransparencyLogInstance> written) => _written = written;

    /// <summary>The windows of <c>DATA/trusted_root.json</c> as last written; none when there is none or it does not parse
    /// (then every key is dated by its file, as on a first start).</summary>
    /// <param name="options">The server's options (its data directory).</param>
    public static LogKeyWindows Load(SignetServerOptions options)
    {
        var path = options.PathOf(TrustRootStore.TrustedRootTarget);
        try
        {
            var written = File.Exists(path) ? TrustedRoot.Parse(File.ReadAllBytes(path)) : null;
            return new LogKeyWindows(written is null ? [] : [.. written.Tlogs, .. written.Ctlogs]);
        }
        catch (SignetFormatException)
        {
            return new LogKeyWindows([]);
        }
    }

    /// <summary>Where the key's window starts.</summary>
    /// <param name="logId">The key's log ID.</param>
    /// <param name="keyFile">The key's file (or its public key file).</param>
    /// <param name="retired">The windows of the retired keys of its kind.</param>
    public DateTimeOffset StartOf(ReadOnlySpan<byte> logId, string keyFile, IEnumerable<TimeRange?> retired)
    {
        var dated = Rotation.RetiredTrust.StartAfter(retired, Created(keyFile));
        foreach (var log in _written)
        {
            if (log.PublicKey.ValidFor is { End: null, Start: var kept } && log.LogId.AsSpan().SequenceEqual(logId) && kept < dated)
            {
                return kept;
            }
        }

        return dated;
    }

    /// <summary>Where the windows of the Rekor log's current keys start: the v1 ECDSA key's (Rekor v1 entries, SETs) and
    /// the Ed25519 checkpoint key's (Rekor v2). An operator's key (<c>--log-key</c>, <c>--log-checkpoint-key</c>) is dated
    /// by the public key file the log writes when it is first used.</summary>
    /// <param name="options">The server's options (its data directory, which keys are the operator's).</param>
    /// <param name="keys">The log's keys.</param>
    public (DateTimeOffset V1, DateTimeOffset Checkpoint) StartsOf(SignetServerOptions options, Signet.Log.Rekor.RekorKeys keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        var rotated = Rotation.RetiredTrust.Load(options).Tlogs.Select(t => t.PublicKey.ValidFor).ToList(); // closed by --rotate log
        var checkpointFile = options.PathOf("keys", "log-ed25519.pem" + (options.LogCheckpointKey is null ? "" : ".pub"));
        var v1File = options.PathOf("keys", Signet.Log.Rekor.RekorV1Key.FileName + (options.LogKey is null ? "" : ".pub"));
        return (StartOf(keys.V1.LogId, v1File, rotated), StartOf(keys.Checkpoint.LogId, checkpointFile, rotated));
    }

    /// <summary>Where the window of the CA's CT log key starts. It is dated as the Rekor log's keys are (an operator's
    /// <c>--ct-key</c>: by the public key file written when it is first used), not by the CA's root: a new root
    /// (<c>--rotate ca</c>) does not sign SCTs, and its start would move the window past the SCTs of every certificate
    /// issued before it.</summary>
    /// <param name="options">The server's options.</param>
    /// <param name="ctLogId">The CT key's log ID.</param>
    public DateTimeOffset CtStartOf(SignetServerOptions options, ReadOnlySpan<byte> ctLogId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartOf(ctLogId, options.PathOf("keys", Ca.CaRuntime.CtKeyFile + (options.CtKey is null ? "" : ".pub")),
            Rotation.RetiredTrust.Load(options).Ctlogs.Select(t => t.PublicKey.ValidFor));
    }

    /// <summary>When a key file was written (a key is trusted from its creation on); a minute of slack for clocks.</summary>
    /// <param name="path">The key file.</param>
    public static DateTimeOffset Created(string path) =>
        new DateTimeOffset(File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.UtcNow, TimeSpan.Zero).AddMinutes(-1);
}
