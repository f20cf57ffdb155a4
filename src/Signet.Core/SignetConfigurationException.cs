namespace Signet.Core;

/// <summary>
/// The deployment's settings or stored state cannot be used: an address that cannot be listened on, a data directory
/// that does not fit the settings, a key that cannot sign what it must. Raised while starting; <c>signet serve</c>
/// then exits 5 with one line.
/// </summary>
public sealed class SignetConfigurationException : SignetException
{
    /// <summary>A failure whose <paramref name="message"/> names the setting or file and what is wrong with it.</summary>
    public SignetConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.Configuration;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.Configuration;
}
