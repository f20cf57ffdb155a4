namespace Signet.Core;

/// <summary>
/// The one exception type for malformed input anywhere in Signet: PEM/DER, JSON, notes, proofs,
/// bundles, trust roots. The message names what was wrong, e.g. "checkpoint: line 2: tree size is not a decimal number".
/// </summary>
public sealed class SignetFormatException : SignetException
{
    /// <summary>
    /// Creates the exception with a generic message; prefer the overloads that say what was malformed.
    /// </summary>
    public SignetFormatException()
    {
    }

    /// <summary>Creates the exception; <paramref name="message"/> names the input and what was wrong with it.</summary>
    public SignetFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception, keeping the decoder's own error as <paramref name="innerException"/>.</summary>
    public SignetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.InvalidInput;
}
