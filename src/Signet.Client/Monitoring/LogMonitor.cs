using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Monitoring;

/// <summary>How the newest checkpoint was found consistent with the tree before it.</summary>
public enum LogConsistency
{
    /// <summary>There was no earlier tree: the checkpoint's signature is all there is to check.</summary>
    FirstCheckpoint,

    /// <summary>The earlier tree is the same tree, or the empty one (a prefix of every tree).</summary>
    Trivial,

    /// <summary>An RFC 6962 §2.1.2 consistency proof from the earlier tree to the new one verified.</summary>
    ProofVerified,
}

/// <summary>What one check of a log found: the verified newest checkpoint, the tree it was checked against, and how.</summary>
public sealed record LogMonitorResult(Checkpoint Checkpoint, string? TreeId, LogTreeHead? Previous, LogConsistency Consistency)
{
    /// <summary>The newest checkpoint as the log signed it.</summary>
    public string SignedCheckpoint { get; init; } = "";
}

/// <summary>
/// Watches one transparency log for split views, as rekor-monitor does: each check verifies the log's newest checkpoint
/// with the log's key, proves it consistent with the last tree verified (a log that shrank, or two roots for one
/// size, is a fork), and only then stores it as the new last tree. State lives behind
/// <see cref="ILogMonitorStateStore"/>; time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class LogMonitor(Uri logUrl, IMonitoredLog log, VerificationKey logKey, ILogMonitorStateStore state, TimeProvider time)
{
    /// <summary>The log watched.</summary>
    public Uri LogUrl { get; } = logUrl;

    /// <summary>The key its checkpoints must be signed with.</summary>
    public VerificationKey LogKey { get; } = logKey;

    /// <summary>
    /// The log key to use: <paramref name="givenPem"/>, else the one pinned in <paramref name="state"/>, else the log's
    /// own (trusted on first use, pinned by the next save). A given key other than the pinned one is used, and
    /// <c>ReplacesPinned</c> says so: the operator vouches for it (the log's key was rotated, as <c>signet serve
    /// --rotate</c> does, and the trusted root or <c>--public-key</c> names the new one), and the tree it signs must
    /// still be consistent with the last one verified, so a different log's checkpoints are refused all the same.
    /// </summary>
    public static async Task<(VerificationKey Key, string Pem, bool ReplacesPinned)> ResolveKeyAsync(
        IMonitoredLog log, ILogMonitorStateStore state, string? givenPem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(state);
        var pinned = state.Load()?.PublicKeyPem;
        var pem = givenPem ?? pinned ?? await log.GetPublicKeyPemAsync(cancellationToken).ConfigureAwait(false);
        var key = VerificationKey.FromPem(pem);
        var replaces = pinned is not null && !VerificationKey.FromPem(pinned).SpkiDer.AsSpan().SequenceEqual(key.SpkiDer);
        return (key, pem, replaces);
    }

    /// <summary>
    /// Moves a state file an earlier version wrote at <paramref name="earlier"/> — one default path for a host's Rekor log
    /// and its CT log alike — to <paramref name="state"/>, when that does not exist yet and the earlier file is this
    /// log's: the key it pinned verifies the log's current head. Otherwise nothing moves (the file is the other log's,
    /// or unreadable). The moved tree is then checked for consistency like any remembered one; without the move the
    /// monitor would start over and trust whatever tree the log shows it first.
    /// </summary>
    /// <returns>True when the state was moved.</returns>
    public static async Task<bool> CarryOverStateAsync(IMonitoredLog log, LogMonitorStateFile earlier, LogMonitorStateFile state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(state);
        if (File.Exists(state.Path) || !File.Exists(earlier.Path))
        {
            return false;
        }

        try
        {
            if (earlier.Load() is not { PublicKeyPem: { } pem } remembered)
            {
                return false;
            }

            log.VerifyHead(await log.GetHeadAsync(cancellationToken).ConfigureAwait(false), VerificationKey.FromPem(pem));
            state.Save(remembered);
            File.Delete(earlier.Path);
            return true;
        }
        catch (SignetException e) when (e is NoteVerificationException or SignetFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Verifies the log's newest checkpoint and its consistency with <paramref name="from"/> (default: the stored tree),
    /// then stores it. Throws <see cref="NoteVerificationException"/> or <see cref="MerkleProofException"/> when the
    /// log's answer does not verify; nothing is stored then.
    /// </summary>
    public async Task<LogMonitorResult> CheckAsync(LogTreeHead? from = null, CancellationToken cancellationToken = default)
    {
        var result = await VerifyAsync(from, cancellationToken).ConfigureAwait(false);
        Remember(result);
        return result;
    }

    /// <summary>As <see cref="CheckAsync"/>, but stores nothing: the caller stores the result with <see cref="Remember"/>
    /// once it has done what else it checks (e.g. walked the new entries).</summary>
    public async Task<LogMonitorResult> VerifyAsync(LogTreeHead? from = null, CancellationToken cancellationToken = default)
    {
        var previous = from ?? state.Load()?.Tree;
        var head = await log.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var checkpoint = log.VerifyHead(head, LogKey);
        var consistency = await ProveConsistencyAsync(previous, checkpoint, cancellationToken).ConfigureAwait(false);
        return new LogMonitorResult(checkpoint, head.TreeId, previous, consistency) { SignedCheckpoint = head.SignedCheckpoint };
    }

    /// <summary>Stores <paramref name="result"/>'s checkpoint as the last tree verified.</summary>
    public void Remember(LogMonitorResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        state.Save(new LogMonitorState(LogUrl.ToString(), new LogTreeHead(result.Checkpoint.Size, result.Checkpoint.RootHash), LogKey.ToPem())
        {
            VerifiedAt = time.GetUtcNow(),
            Checkpoint = result.SignedCheckpoint,
        });
    }

    private async Task<LogConsistency> ProveConsistencyAsync(LogTreeHead? previous, Checkpoint current, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return LogConsistency.FirstCheckpoint;
        }

        if (previous.Size > current.Size)
        {
            throw new MerkleProofException($"the log shrank from {previous.Size} to {current.Size} entries");
        }

        if (previous.Size == current.Size)
        {
            return previous.RootHash.AsSpan().SequenceEqual(current.RootHash)
                ? LogConsistency.Trivial
                : throw new MerkleProofException($"two different roots for tree size {current.Size}: the log forked");
        }

        if (previous.Size == 0)
        {
            return LogConsistency.Trivial;
        }

        var proof = await log.GetConsistencyProofAsync(previous.Size, current.Size, cancellationToken).ConfigureAwait(false);
        ConsistencyProof.Verify(previous.Size, current.Size, proof, previous.RootHash, current.RootHash);
        return LogConsistency.ProofVerified;
    }
}
