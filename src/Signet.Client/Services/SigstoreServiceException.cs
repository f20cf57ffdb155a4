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

    /// <summary>The refusal's <c>Location</c> header, resolved against the request URL (Rekor's 409 names the existing entry there).</summary>
    public Uri? Location { get; init; }
}
