using Signet.Core;
using Signet.Core.Encoding;
using Signet.Log.Engine;

namespace Signet.Server.Trust;

/// <summary>
/// A log's writes — the Rekor log's entries, the CT log's SCTs — refused (503, <see cref="SignetErrorCodes.OutsideValidity"/>)
/// while the server's clock is before the window its key has in the server's trusted root: an entry logged then carries
/// an integrated time (Rekor v1), a timestamp (v2) or an SCT time before the key was valid, and no verifier accepts it
/// (client-spec §4: the log key must be valid at the entry's time). The CA and TSA refuse likewise
/// (<see cref="Signet.Core.Certificates.IssuingChainValidity"/>). The usual cause is a clock set back after a
/// <c>--rotate log</c> or <c>ct</c> (the new key's window opens at the rotation), or a front end whose clock is behind
/// the one that rotated.
/// </summary>
/// <param name="inner">The engine's writer.</param>
/// <param name="what">The key, as messages name it ("the Rekor v1 key").</param>
/// <param name="validFrom">Where the key's window starts in the trusted root.</param>
/// <param name="time">The server's clock.</param>
internal sealed class KeyWindowGate(ILogWriter inner, string what, DateTimeOffset validFrom, TimeProvider time) : Log.LogWriteGate(inner, time)
{
    /// <summary>Why a write at <paramref name="now"/> is refused, or null: the 503's detail, and the log's readiness.</summary>
    public string? Problem(DateTimeOffset now) => now < validFrom
        ? $"cannot log now: {what} is valid in trusted_root.json from {Rfc3339.Seconds(validFrom)}, and this server's clock says {Rfc3339.Seconds(now)} (is it behind?)"
        : null;

    protected override SignetUnavailableException? Refusal(DateTimeOffset now) => Problem(now) is { } problem
        ? new SignetUnavailableException(SignetErrorCodes.OutsideValidity, problem)
        {
            RetryAfter = validFrom - now < TimeSpan.FromDays(1) ? validFrom - now : null,
        }
        : null;
}
