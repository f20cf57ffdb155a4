namespace Signet.Core;

/// <summary>
/// The one exception type for malformed input anywhere in Signet: PEM/DER, JSON, notes, proofs,
/// bundles, trust roots. The message names what was wrong, e.g. "checkpoint: line 2: tree size is not a decimal number".
/// </summary>
/// <param name="message">Names the input and what was wrong with it.</param>
/// <param name="innerException">The decoder's own error, when there was one.</param>
public sealed class SignetFormatException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.InvalidInput;
}
