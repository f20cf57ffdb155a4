namespace Signet.Core.Keys;

/// <summary>An encrypted private key could not be decrypted with the given password (wrong password or corrupted ciphertext).</summary>
public sealed class KeyPasswordException : SignetException
{
    public KeyPasswordException()
        : base("private key: the password does not decrypt this key (wrong password or corrupted key)")
    {
    }

    public KeyPasswordException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.KeyPasswordInvalid;
}
