namespace Signet.Client.Services;

/// <summary>
/// A Sigstore service (CA, log, TSA, OIDC) could not be reached, timed out, or refused the request. The message is
/// one line naming the service, its URL and what went wrong (the server's problem detail when it sent one).
/// </summary>
public sealed class SigstoreServiceException : Exception
{
    public SigstoreServiceException()
    {
    }

    public SigstoreServiceException(string message)
        : base(message)
    {
    }

    public SigstoreServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the service answered with, or null when it was not reached.</summary>
    public int? StatusCode { get; init; }
}
