using Signet.Core.Notes;
using Signet.Log.Engine;
using Signet.Log.Storage;
using Signet.Log.Telemetry;

namespace Signet.Log.Witnessing;

/// <summary>
/// Submits a log's newest checkpoint to one witness (C2SP tlog-witness §add-checkpoint), one request at a time: from
/// the size the witness last cosigned (0 until it says otherwise: a 409 tells it, and the request is sent again at
/// once with the proof from there), with the consistency proof from that size. A verified cosignature goes to
/// <see cref="WitnessedCheckpoints"/>; a failure (no answer, a refusal, a cosignature that does not verify) is
/// reported and retried after a back-off that doubles up to <see cref="WitnessingOptions.MaxBackoff"/>. Submissions
/// are at least <see cref="WitnessingOptions.SubmissionInterval"/> apart.
/// </summary>
internal sealed class WitnessSubmitter(WitnessedCheckpoints owner, WitnessConnection connection, ILogReader reader, WitnessingOptions options, TimeProvider time, CancellationToken stop) : IDisposable
{
    private const int MaxConflictsInARow = 3;
    private readonly SemaphoreSlim _wake = new(0);
    private ulong? _witnessSize;
    private long _cosignedSize = -1;
    private DateTimeOffset _lastSubmission = DateTimeOffset.MinValue;

    public LogWitness Witness => connection.Witness;

    /// <summary>The size of the last checkpoint this witness cosigned for the log since start, or null.</summary>
    public ulong? CosignedSize => Interlocked.Read(ref _cosignedSize) is >= 0 and var s ? (ulong)s : null;

    /// <summary>A new checkpoint was published (one pending wake-up is enough).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public async Task RunAsync()
    {
        var backoff = options.MinBackoff;
        var conflicts = 0;
        while (!stop.IsCancellationRequested)
        {
            var target = owner.Newest;
            var old = _witnessSize ?? 0;
            try
            {
                if (CosignedSize == target.Size || old > target.Size)
                {
                    // Cosigned already, or the witness is ahead of what this log has published: wait for more.
                    await _wake.WaitAsync(stop).ConfigureAwait(false);
                    continue;
                }

                if (_lastSubmission + options.SubmissionInterval - time.GetUtcNow() is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, time, stop).ConfigureAwait(false);
                    continue;
                }

                _lastSubmission = time.GetUtcNow();
                var proof = old == 0 || old == target.Size ? [] : await reader.ConsistencyProofAsync(old, target.Size, stop).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(options.RequestTimeout);
                var answer = await connection.Client.AddCheckpointAsync(new AddCheckpointRequest(old, proof, target.Checkpoint), timeout.Token).ConfigureAwait(false);
                if (answer is WitnessSizeConflict conflict)
                {
                    if (++conflicts > MaxConflictsInARow || conflict.Size == old)
                    {
                        throw new WitnessUnavailableException($"witness {Witness.Name}: 409 with size {conflict.Size} after a request from size {old}") { Reason = "size_conflict" };
                    }

                    _witnessSize = conflict.Size;
                    continue;
                }

                var cosignature = Verify(target, ((WitnessCosigned)answer).Lines);
                _witnessSize = target.Size;
                Interlocked.Exchange(ref _cosignedSize, (long)target.Size);
                owner.AddCosignature(target, Witness, cosignature);
                RecordResult(target, "ok", null);
                backoff = options.MinBackoff;
                conflicts = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                owner.ReportFailure(Witness, e);
                RecordResult(target, "refused", ReasonOf(e));
                conflicts = 0;
                try
                {
                    await Task.Delay(backoff, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }

    // C2SP tlog-witness: the client MAY concatenate the answer to the checkpoint and verify it as a note with the
    // witness keys it trusts; lines of other keys are ignored, and this witness's line must be there and verify.
    private NoteSignature Verify(IntegratedState target, byte[] lines)
    {
        var opened = NoteOpener.Open([.. target.Checkpoint, .. lines], [Witness.Key]);
        return opened.Verified.FirstOrDefault(s => s.Name == Witness.Name && s.KeyHash == Witness.Key.KeyHash)
            ?? throw new WitnessUnavailableException($"witness {Witness.Name}: its answer carries no cosignature of its key") { Reason = "no_cosignature" };
    }

    private void RecordResult(IntegratedState target, string result, string? reason)
    {
        // C2SP tlog-checkpoint: the origin is the note's first line.
        var newline = Array.IndexOf(target.Checkpoint, (byte)'\n');
        var origin = System.Text.Encoding.UTF8.GetString(target.Checkpoint, 0, Math.Max(newline, 0));
        var tags = new System.Diagnostics.TagList
        {
            LogTelemetry.Origin(origin),
            { "signet.witness.name", Witness.Name },
            { "signet.witness.result", result },
        };
        if (reason is not null)
        {
            tags.Add("signet.witness.reason", reason);
        }

        LogTelemetry.WitnessResults.Add(1, tags);
    }

    // A bounded set of reasons (metric tags must not carry free text): the witness's HTTP status, no answer in time,
    // no answer at all, or an answer without a verifying cosignature.
    private static string ReasonOf(Exception e) => e switch
    {
        WitnessUnavailableException { Reason: { } reason } => reason,
        WitnessUnavailableException { StatusCode: { } status } => "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WitnessUnavailableException => "no_answer",
        OperationCanceledException => "timeout",
        Signet.Core.SignetException s => s.ErrorCode,
        _ => "error",
    };

    public void Dispose() => _wake.Dispose();
}
