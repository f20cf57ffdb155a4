using Signet.Core;

namespace Signet.Client.Identity;

/// <summary>No usable identity token: none was given or found, the one found has expired, or a login failed.</summary>
public sealed class IdentityTokenException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    /// <summary>The RFC 6749 §5.2 / RFC 8628 §3.5 error code when an OIDC issuer refused a login step.</summary>
    public string? OAuthError { get; init; }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.IdentityTokenUnusable;
}
