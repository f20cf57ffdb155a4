using Signet.Core;

namespace Signet.Client.Monitoring;

/// <summary>
/// Proof that a log is not append-only or shows different views: a checkpoint that does not extend the one remembered,
/// two checkpoints of one size with different roots (from the log or from a witness), or entries that do not lead to
/// the log's signed root. Both checkpoints are kept for the report. Verification failed (exit 1).
/// </summary>
/// <param name="message">What was found.</param>
/// <param name="first">The earlier (or the witness's) checkpoint, as signed.</param>
/// <param name="second">The log's checkpoint that contradicts it, as signed.</param>
public sealed class LogInconsistencyException(string message, string first, string second) : SignetException(message)
{
    /// <summary>The earlier (or the witness's) checkpoint.</summary>
    public string First { get; } = first;

    /// <summary>The log's contradicting checkpoint.</summary>
    public string Second { get; } = second;

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.VerificationFailed;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.LogInconsistent;
}
