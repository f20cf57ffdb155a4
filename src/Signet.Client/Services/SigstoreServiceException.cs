using Signet.Core;

namespace Signet.Client.Services;

/// <summary>
/// A Sigstore service (CA, log, TSA, OIDC) could not be reached, timed out, or refused the request. The message is
/// one line naming the service, its URL and what went wrong (the server's problem detail when it sent one).
/// A 404 answer is <see cref="SignetErrorKind.NotFound"/>; everything else is <see cref="SignetErrorKind.Unavailable"/>.
/// </summary>
public sealed class SigstoreServiceException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    /// <summary>The HTTP status the service answered with, or null when it was not reached.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The refusal's <c>Location</c> header, resolved against the request URL (Rekor's 409 names the existing entry there).</summary>
    public Uri? Location { get; init; }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => StatusCode == 404 ? SignetErrorKind.NotFound : SignetErrorKind.Unavailable;

    /// <inheritdoc/>
    public override string ErrorCode => StatusCode switch
    {
        null => SignetErrorCodes.ServiceUnavailable,
        404 => SignetErrorCodes.NotFound,
        _ => SignetErrorCodes.ServiceRefused,
    };
}
