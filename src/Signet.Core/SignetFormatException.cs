namespace Signet.Core;

/// <summary>
/// The one exception type for malformed input anywhere in Signet: PEM/DER, JSON, notes, proofs,
/// bundles, trust roots. The message names what was wrong, e.g. "checkpoint: line 2: tree size is not a decimal number".
/// </summary>
public sealed class SignetFormatException : SignetException
{
    public SignetFormatException()
    {
    }

    public SignetFormatException(string message)
        : base(message)
    {
    }

    public SignetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.InvalidInput;
}
