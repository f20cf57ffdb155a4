namespace Signet.Core.Keys;

/// <summary>An encrypted private key could not be decrypted with the given password (wrong password or corrupted ciphertext).</summary>
public sealed class KeyPasswordException : SignetException
{
    /// <summary>Creates the exception with the message that the password does not decrypt the key.</summary>
    public KeyPasswordException()
        : base("private key: the password does not decrypt this key (wrong password or corrupted key)")
    {
    }

    /// <summary>
    /// Creates the exception with a specific message, keeping the decryption error as
    /// <paramref name="innerException"/>.
    /// </summary>
    public KeyPasswordException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.KeyPasswordInvalid;
}
