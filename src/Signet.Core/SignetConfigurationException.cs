namespace Signet.Core;

/// <summary>
/// The deployment's settings or stored state cannot be used: an address that cannot be listened on, a data directory
/// that does not fit the settings, a key that cannot sign what it must. Raised while starting; <c>signet serve</c>
/// then exits 5 with one line.
/// </summary>
/// <param name="message">The setting or file, and what is wrong with it.</param>
/// <param name="innerException">The failure that showed it, if any.</param>
public sealed class SignetConfigurationException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.Configuration;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.Configuration;
}
