using Signet.Core;
using Signet.Log.Engine;
using Signet.Log.Storage;

namespace Signet.Server.Log;

/// <summary>
/// A log writer that refuses writes (a <see cref="SignetUnavailableException"/>, answered 503) before they reach the
/// engine while <see cref="Refusal"/> says why, and passes the others through: nothing is sequenced for a write it
/// refuses.
/// </summary>
/// <param name="inner">The writer the gate stands before.</param>
/// <param name="time">The server's clock.</param>
internal abstract class LogWriteGate(ILogWriter inner, TimeProvider time) : ILogWriter
{
    public Task<SequencedEntry> SequenceAsync(byte[] body, IReadOnlyList<string> searchKeys, CancellationToken cancellationToken)
    {
        Ensure();
        return inner.SequenceAsync(body, searchKeys, cancellationToken);
    }

    public Task<AppendResult> AppendAsync(byte[] body, IReadOnlyList<string> searchKeys, CancellationToken cancellationToken)
    {
        Ensure();
        return inner.AppendAsync(body, searchKeys, cancellationToken);
    }

    /// <summary>Why a write at <paramref name="now"/> is refused, as the exception to throw; null to let it through.</summary>
    protected abstract SignetUnavailableException? Refusal(DateTimeOffset now);

    private void Ensure()
    {
        if (Refusal(time.GetUtcNow()) is { } refusal)
        {
            throw refusal;
        }
    }
}
