namespace Signet.Log.Engine;

/// <summary>
/// How the engine's integration loop is doing, as the loop itself last saw it: the run of rounds that have failed with
/// no success between (since when, how many, the last failure), or none. The loop stamps it with the engine's clock at
/// each failed round and clears it at the first round that succeeds; a host reads it (a readiness probe) without
/// reaching into the loop. Failures of the side work a round does — the checkpoint file, the sweep of superseded
/// partial tiles, a shared store's change listener — are not rounds failing: the log still integrates and publishes.
/// </summary>
public sealed class IntegrationHealth
{
    private IntegrationFailures? _failing;

    /// <summary>The current run of failed rounds; null while the last round succeeded (or none has run yet).</summary>
    public IntegrationFailures? Failing => Volatile.Read(ref _failing);

    /// <summary>A round failed at <paramref name="now"/> (only the loop writes, so no lock).</summary>
    internal void Failed(Exception exception, DateTimeOffset now) =>
        Volatile.Write(ref _failing, _failing is { } run ? run with { Rounds = run.Rounds + 1, Last = exception } : new IntegrationFailures(now, 1, exception));

    /// <summary>A round succeeded: the run of failures, if any, is over.</summary>
    internal void Succeeded() => Volatile.Write(ref _failing, null);
}

/// <summary>A run of integration rounds that failed one after the other.</summary>
/// <param name="Since">When the first round of the run failed (the engine's clock).</param>
/// <param name="Rounds">How many rounds have failed in a row.</param>
/// <param name="Last">The last round's failure.</param>
public sealed record IntegrationFailures(DateTimeOffset Since, int Rounds, Exception Last);
