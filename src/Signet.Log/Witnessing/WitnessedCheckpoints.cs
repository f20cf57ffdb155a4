using Signet.Core.Notes;
using Signet.Log.Engine;
using Signet.Log.Storage;

namespace Signet.Log.Witnessing;

/// <summary>A witness and the client that reaches it.</summary>
/// <param name="Witness">The witness.</param>
/// <param name="Client">Sends it <c>add-checkpoint</c> requests.</param>
public sealed record WitnessConnection(LogWitness Witness, IWitnessClient Client);

/// <summary>
/// The log's side of witnessing (C2SP tlog-witness): beside the engine's publisher, it sends every newly published
/// checkpoint to each witness in the background (<see cref="WitnessSubmitter"/>: one loop per witness, with back-off,
/// learning the witness's size from its 409 answers), collects the cosignatures that verify, and publishes, as an
/// <see cref="ICheckpointPublisher"/>, the checkpoint the log serves: the newest one that has
/// <see cref="WitnessingOptions.Quorum"/> cosignatures or has waited <see cref="WitnessingOptions.QuorumTimeout"/>,
/// carrying every cosignature collected for it (without a quorum: the engine's newest at once, with the cosignatures
/// collected when it is the checkpoint they were collected for). The committed checkpoint stays the log's own signed
/// note; the served note is it plus the witnesses' lines. Served sizes never go back. A witness that is down never
/// stops the engine: appends go on, and answers wait for a quorum at most the timeout.
/// </summary>
public sealed class WitnessedCheckpoints : ICheckpointPublisher, IAsyncDisposable
{
    private readonly ICheckpointPublisher _engine;
    private readonly WitnessingOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<Candidate> _pending = []; // published by the engine, newer than the served one, by size
    private readonly Publication _publication;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private readonly WitnessSubmitter[] _submitters;
    private readonly Task[] _loops;
    private Candidate _served;

    /// <summary>Starts following <paramref name="engine"/> and submitting to <paramref name="witnesses"/>.</summary>
    /// <param name="engine">The engine's publisher.</param>
    /// <param name="reader">Builds the consistency proofs sent to witnesses.</param>
    /// <param name="witnesses">The witnesses and their clients.</param>
    /// <param name="options">Quorum, timeout and back-off.</param>
    /// <param name="time">The clock of the timeout and the back-off.</param>
    /// <param name="maxWaiting">The most waits for a size kept (<see cref="LogOptions.MaxWaitingWrites"/>).</param>
    public WitnessedCheckpoints(ICheckpointPublisher engine, ILogReader reader, IReadOnlyList<WitnessConnection> witnesses, WitnessingOptions options, TimeProvider time, int maxWaiting = 65_536)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(witnesses);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(witnesses.Count);
        _engine = engine;
        _options = options;
        _time = time;
        _publication = new Publication(maxWaiting);
        _timer = time.CreateTimer(_ => Evaluate(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // The state the log opened with is served at once: there is nothing older to serve instead.
        _served = new Candidate(engine.Latest, time.GetUtcNow());
        _publication.Publish(_served.Served());
        _submitters = witnesses.Select(w => new WitnessSubmitter(this, w, reader, options, time, _stop.Token)).ToArray();
        _loops = [Task.Run(FollowAsync), .. _submitters.Select(s => Task.Run(s.RunAsync))];
    }

    /// <summary>Called with a witness's failed submission (it is retried after a back-off).</summary>
    public event Action<LogWitness, Exception>? SubmissionFailed;

    /// <summary>The served checkpoint: a committed state whose <see cref="IntegratedState.Checkpoint"/> carries the
    /// cosignatures collected for it. Without a quorum it is the engine's newest, with the cosignatures collected if
    /// that is the checkpoint they were collected for.</summary>
    public IntegratedState Latest => _options.Quorum == 0 ? Current(_engine.Latest) : _publication.Latest!;

    /// <summary>Completes once a served checkpoint covers <paramref name="size"/>. Without a quorum every published
    /// checkpoint is served at once, so this is the engine's own wait: an append, which has waited for its checkpoint
    /// already, gets its answer on the spot, with no second wait and no hop through the follower (each cost every
    /// append CPU and latency).</summary>
    /// <param name="size">The tree size needed.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IntegratedState> WaitForSizeAsync(ulong size, CancellationToken cancellationToken)
    {
        if (_options.Quorum > 0)
        {
            return _publication.SizeReached(size).WaitAsync(cancellationToken);
        }

        var committed = _engine.Latest;
        return committed.Size >= size ? Task.FromResult(Current(committed)) : EngineSizeAsync(size, cancellationToken);
    }

    /// <summary>Without a quorum: <paramref name="committed"/> itself, with the cosignatures collected when it is the
    /// checkpoint they were collected for (an append's answer keeps its batch's tree size, see
    /// <see cref="ICheckpointPublisher.ServeAsync"/>). With a quorum: the first served checkpoint covering its size.</summary>
    /// <param name="committed">The checkpoint the write waited for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IntegratedState> ServeAsync(IntegratedState committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        if (_options.Quorum > 0)
        {
            return _publication.SizeReached(committed.Size).WaitAsync(cancellationToken);
        }

        var served = _publication.Latest!;
        return Task.FromResult(SameCheckpoint(served, committed) ? served : committed);
    }

    /// <summary>The size of the last checkpoint <paramref name="witnessName"/> cosigned for this log since start, or null.</summary>
    /// <param name="witnessName">A witness's name.</param>
    public ulong? CosignedSize(string witnessName) => _submitters.FirstOrDefault(s => s.Witness.Name == witnessName)?.CosignedSize;

    /// <summary>The newest checkpoint the engine published (what witnesses are asked to cosign), as the log signed it.</summary>
    internal IntegratedState Newest
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0 ? _pending[^1].State : _served.State;
            }
        }
    }

    /// <summary>Records <paramref name="cosignature"/> (verified) of <paramref name="state"/> by <paramref name="witness"/>.</summary>
    internal void AddCosignature(IntegratedState state, LogWitness witness, NoteSignature cosignature)
    {
        lock (_gate)
        {
            var candidate = _served.Is(state) ? _served : _pending.Find(c => c.Is(state));
            if (candidate is null || !candidate.Add(witness, cosignature))
            {
                return; // a newer checkpoint is served already, or this witness's line is there
            }

            if (candidate == _served)
            {
                _publication.Publish(_served.Served());
            }

            EvaluateLocked();
        }
    }

    internal void ReportFailure(LogWitness witness, Exception exception) => SubmissionFailed?.Invoke(witness, exception);

    private async Task<IntegratedState> EngineSizeAsync(ulong size, CancellationToken cancellationToken) =>
        Current(await _engine.WaitForSizeAsync(size, cancellationToken).ConfigureAwait(false));

    // Without a quorum: the engine's state, or the follower's served one with its cosignatures when that is the same
    // checkpoint (or, read in between, a newer one: served sizes never go back).
    private IntegratedState Current(IntegratedState committed)
    {
        var served = _publication.Latest!;
        return served.Size > committed.Size || SameCheckpoint(served, committed)
            ? served
            : committed;
    }

    // One tree state: the served form carries cosignature lines the committed one lacks, so the notes differ.
    private static bool SameCheckpoint(IntegratedState a, IntegratedState b) => a.Size == b.Size && a.RootHash.AsSpan().SequenceEqual(b.RootHash);

    private async Task FollowAsync()
    {
        var next = _served.State.Size + 1;
        while (!_stop.IsCancellationRequested)
        {
            IntegratedState state;
            try
            {
                state = await _engine.WaitForSizeAsync(next, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            next = state.Size + 1;
            lock (_gate)
            {
                _pending.Add(new Candidate(state, _time.GetUtcNow()));
                EvaluateLocked();
            }

            foreach (var s in _submitters)
            {
                s.Wake();
            }
        }
    }

    private void Evaluate()
    {
        lock (_gate)
        {
            EvaluateLocked();
        }
    }

    // Serve the newest checkpoint that has its quorum or has waited long enough (both stay true once true, so the
    // served size never goes back); drop the older ones; time the next one's wait.
    private void EvaluateLocked()
    {
        var now = _time.GetUtcNow();
        var ready = -1;
        for (var i = 0; i < _pending.Count; i++)
        {
            if (_pending[i].Count >= _options.Quorum || now - _pending[i].PublishedAt >= _options.QuorumTimeout)
            {
                ready = i;
            }
        }

        if (ready >= 0)
        {
            _served = _pending[ready];
            _pending.RemoveRange(0, ready + 1);
            _publication.Publish(_served.Served());
        }

        if (!_stop.IsCancellationRequested)
        {
            var due = _pending.Count == 0 ? Timeout.InfiniteTimeSpan : _pending[0].PublishedAt + _options.QuorumTimeout - now;
            _timer.Change(due == Timeout.InfiniteTimeSpan || due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops following and submitting.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var s in _submitters)
        {
            s.Wake();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (var s in _submitters)
        {
            s.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>A published checkpoint and the cosignatures collected for it, one per witness.</summary>
    private sealed class Candidate(IntegratedState state, DateTimeOffset publishedAt)
    {
        private readonly List<NoteSignature> _cosignatures = [];

        public IntegratedState State { get; } = state;

        public DateTimeOffset PublishedAt { get; } = publishedAt;

        public int Count => _cosignatures.Count;

        public bool Is(IntegratedState other) => SameCheckpoint(other, State);

        public bool Add(LogWitness witness, NoteSignature cosignature)
        {
            if (_cosignatures.Exists(s => s.Name == witness.Name && s.KeyHash == witness.Key.KeyHash))
            {
                return false;
            }

            _cosignatures.Add(cosignature);
            return true;
        }

        /// <summary>The state with the log's note plus the cosignature lines.</summary>
        public IntegratedState Served()
        {
            if (_cosignatures.Count == 0)
            {
                return State;
            }

            var note = SignedNote.Parse(State.Checkpoint);
            return State with { Checkpoint = new SignedNote(note.Text, [.. note.Signatures, .. _cosignatures]).Format() };
        }
    }
}
