using Signet.Core;
using Signet.Log.Engine;

namespace Signet.Server.Health;

/// <summary>
/// A log's writes refused at once (503 <see cref="SignetErrorCodes.Unavailable"/>, <c>Retry-After</c>) while its
/// integration has failed for <see cref="Readiness.IntegrationFailureThreshold"/> — the same rule that makes the
/// replica not ready (<c>/readyz</c>). Without it each write was sequenced and then held for the whole publication
/// timeout (20 s) before its 503, every client waiting with a connection open (a full connection limit soon refuses
/// the reads that still work), and a CT log promised SCTs for entries it could not integrate within its maximum merge
/// delay. Nothing is sequenced while it refuses; the entries already sequenced keep the integration retrying, and the
/// first round that succeeds opens the gate again. A failure shorter than the threshold is waited out as before.
/// </summary>
/// <param name="inner">The writer the gate stands before.</param>
/// <param name="health">The engine's report of its integration loop.</param>
/// <param name="what">The log, as messages name it ("the log", "the CT log").</param>
/// <param name="dataDirectory">The server's data directory, written <c>DATA</c> in messages.</param>
/// <param name="time">The server's clock.</param>
internal sealed class IntegrationGate(ILogWriter inner, IntegrationHealth health, string what, string dataDirectory, TimeProvider time)
    : Log.LogWriteGate(inner, time)
{
    /// <summary>How long a refused client is told to wait: about two of the integration's retries at their longest.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    protected override SignetUnavailableException? Refusal(DateTimeOffset now) => Readiness.IntegrationProblem(health, now, dataDirectory) is { } problem
        ? new SignetUnavailableException(SignetErrorCodes.Unavailable, $"cannot log now: {what}'s {problem}") { RetryAfter = RetryAfter }
        : null;
}
