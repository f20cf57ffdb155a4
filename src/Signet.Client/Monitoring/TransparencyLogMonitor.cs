using Signet.Client.Log;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Monitoring;

/// <summary>A monitored value found in an entry: the log, the entry's index, what matched, the entry's digest and,
/// when the log says, its integrated time.</summary>
/// <param name="Log">The log's URL.</param>
/// <param name="Index">The entry's index.</param>
/// <param name="Match">What matched.</param>
/// <param name="Digest">The entry's artifact digest (<c>sha256:HEX</c>), if it names one.</param>
/// <param name="IntegratedTime">Unix seconds, if known.</param>
public sealed record MonitorFinding(string Log, ulong Index, IdentityMatch Match, string? Digest, long? IntegratedTime);

/// <summary>What one run found: the verified checkpoint, the tree before it, the entries read and the matches.</summary>
/// <param name="Checkpoint">The log's checkpoint, verified and consistent with the tree before.</param>
/// <param name="Previous">The tree remembered before this run, if any.</param>
/// <param name="EntriesRead">How many entries were walked (and proven in the checkpoint's tree).</param>
/// <param name="Findings">The matches, in index order.</param>
/// <param name="WitnessesChecked">How many witnesses' checkpoints were found consistent with the log's.</param>
public sealed record MonitorRunResult(Checkpoint Checkpoint, LogTreeHead? Previous, ulong EntriesRead, IReadOnlyList<MonitorFinding> Findings, int WitnessesChecked);

/// <summary>How far a run's catch-up is: entries read of those between the remembered tree and the new checkpoint.</summary>
/// <param name="EntriesRead">Entries read and proven so far.</param>
/// <param name="EntriesToRead">Entries this run reads in all.</param>
public readonly record struct MonitorProgress(ulong EntriesRead, ulong EntriesToRead);

/// <summary>
/// rekor-monitor's job over one log: each run verifies the log's newest checkpoint with its key and proves it
/// consistent with the tree remembered (<see cref="LogMonitor"/>); compares it with the checkpoint each witness last
/// cosigned (same size, same root; otherwise a consistency proof either way); walks the new entries, each proven in
/// the verified tree (<see cref="IMonitoredEntries"/>), matching them against the <see cref="MonitorConfig"/>; and
/// only then remembers the new tree. Any contradiction is a <see cref="LogInconsistencyException"/> carrying both
/// checkpoints, and nothing is remembered.
/// </summary>
/// <param name="logUrl">The log's URL (reported with each finding).</param>
/// <param name="log">Its checkpoints and proofs.</param>
/// <param name="entries">Its entries.</param>
/// <param name="logKey">The key its checkpoints are signed with.</param>
/// <param name="config">What to watch for.</param>
/// <param name="witnesses">Witnesses whose view of the log is compared with the log's.</param>
/// <param name="http">The client the witnesses are read with.</param>
/// <param name="state">Where the last verified tree is remembered.</param>
/// <param name="time">The clock of the remembered verification time.</param>
public sealed class TransparencyLogMonitor(
    Uri logUrl, IMonitoredLog log, IMonitoredEntries entries, VerificationKey logKey, MonitorConfig config,
    IReadOnlyList<MonitorWitness> witnesses, HttpClient http, ILogMonitorStateStore state, TimeProvider time)
{
    /// <summary>Entries between two progress reports of the catch-up (one tile's worth).</summary>
    public const ulong ProgressEvery = 256;

    /// <summary>One run; see the class summary.</summary>
    /// <param name="cancellationToken">Stops the run; nothing is remembered then.</param>
    public Task<MonitorRunResult> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(null, cancellationToken);

    /// <summary>One run; see the class summary.</summary>
    /// <param name="progress">Told how far the catch-up is: once before the first entry is read (none read of all to
    /// read), every <see cref="ProgressEvery"/> entries and at the end; not told when no entry is read; null for none.</param>
    /// <param name="cancellationToken">Stops the run; nothing is remembered then.</param>
    public async Task<MonitorRunResult> RunOnceAsync(IProgress<MonitorProgress>? progress, CancellationToken cancellationToken)
    {
        var stored = state.Load();
        var monitor = new LogMonitor(logUrl, log, logKey, state, time);
        LogMonitorResult head;
        try
        {
            head = await monitor.VerifyAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MerkleProofException e) when (stored is not null)
        {
            var latest = await log.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            throw new LogInconsistencyException($"the log's checkpoint does not extend the one remembered: {e.Message}",
                stored.Checkpoint ?? $"size {stored.Tree.Size}, root {Convert.ToHexStringLower(stored.Tree.RootHash)}", latest.SignedCheckpoint);
        }

        var checkedWitnesses = 0;
        foreach (var witness in witnesses)
        {
            checkedWitnesses += await CompareWithWitnessAsync(witness, head, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        var tree = new LogTreeHead(head.Checkpoint.Size, head.Checkpoint.RootHash);
        var start = stored?.Tree.Size ?? config.StartIndex ?? tree.Size;
        var findings = new List<MonitorFinding>();
        ulong read = 0;
        if (config.WatchesIdentities && start < tree.Size)
        {
            var toRead = tree.Size - start;
            progress?.Report(new MonitorProgress(0, toRead));
            try
            {
                await foreach (var entry in entries.ReadEntriesAsync(start, tree, logKey, cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    if (read % ProgressEvery == 0 || read == toRead)
                    {
                        progress?.Report(new MonitorProgress(read, toRead));
                    }

                    if (entry.Index < (config.StartIndex ?? 0) || entry.Index > (config.EndIndex ?? ulong.MaxValue))
                    {
                        continue;
                    }

                    EntryMaterial material;
                    try
                    {
                        material = entries.ReadMaterial(entry);
                    }
                    catch (Core.SignetFormatException)
                    {
                        continue; // an entry of a kind that names no key material
                    }

                    foreach (var match in IdentityMatcher.Match(config, material))
                    {
                        findings.Add(new MonitorFinding(logUrl.ToString(), entry.Index, match, material.Digest, entry.IntegratedTime));
                    }
                }
            }
            catch (MerkleProofException e)
            {
                throw new LogInconsistencyException($"the log's entries do not match its checkpoint: {e.Message}", head.SignedCheckpoint, head.SignedCheckpoint);
            }
        }

        monitor.Remember(head);
        return new MonitorRunResult(head.Checkpoint, head.Previous, read, findings, checkedWitnesses);
    }

    // C2SP tlog-witness §Monitor Retrieval Mechanism: a checkpoint the witness cosigned must be consistent with the
    // log's — the same root for the same size, a verifying consistency proof between different sizes.
    private async Task<bool> CompareWithWitnessAsync(MonitorWitness witness, LogMonitorResult head, CancellationToken cancellationToken)
    {
        var note = await witness.GetCheckpointAsync(http, head.Checkpoint.Origin, cancellationToken).ConfigureAwait(false);
        if (note is null)
        {
            return false; // the witness has cosigned nothing of this log yet
        }

        var cosigned = RekorLogVerifier.VerifyCheckpoint(note, logKey);
        new WitnessQuorum([witness.Key], 1).Check(System.Text.Encoding.UTF8.GetBytes(note));
        var served = head.Checkpoint;
        if (cosigned.Origin != served.Origin)
        {
            throw new LogInconsistencyException($"witness {witness.Key.Name} serves a checkpoint of '{cosigned.Origin}' for '{served.Origin}'", note, head.SignedCheckpoint);
        }

        try
        {
            if (cosigned.Size == served.Size)
            {
                return cosigned.RootHash.AsSpan().SequenceEqual(served.RootHash)
                    ? true
                    : throw new MerkleProofException($"two roots for tree size {served.Size}: the log forked");
            }

            var (small, large) = cosigned.Size < served.Size ? (cosigned, served) : (served, cosigned);
            if (small.Size > 0)
            {
                var proof = await log.GetConsistencyProofAsync(small.Size, large.Size, cancellationToken).ConfigureAwait(false);
                ConsistencyProof.Verify(small.Size, large.Size, proof, small.RootHash, large.RootHash);
            }

            return true;
        }
        catch (MerkleProofException e)
        {
            throw new LogInconsistencyException($"witness {witness.Key.Name} cosigned a view of the log that contradicts the log's: {e.Message}", note, head.SignedCheckpoint);
        }
    }
}
