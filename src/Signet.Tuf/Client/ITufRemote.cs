namespace Signet.Tuf.Client;

/// <summary>
/// Where the TUF client fetches files: a repository mirror. The I/O edge of the client; the HTTP implementation is
/// <c>Signet.Client.Services.HttpTufRemote</c>, which reads through the clients' one bounded response reader.
/// </summary>
public interface ITufRemote
{
    /// <summary>
    /// Fetches a metadata file by name (<c>timestamp.json</c>, <c>7.root.json</c>, <c>3.snapshot.json</c>, ...).
    /// Returns null when the repository does not have it (HTTP 404/403). Must stop reading past
    /// <paramref name="maxLength"/> bytes and throw <see cref="TufException"/> with <see cref="TufErrorCode.TooLarge"/>.
    /// </summary>
    Task<byte[]?> FetchMetadataAsync(string fileName, long maxLength, CancellationToken cancellationToken);

    /// <summary>Fetches a target file by its (possibly hash-prefixed) path, with the same size rule; null when absent.</summary>
    Task<byte[]?> FetchTargetAsync(string targetPath, long maxLength, CancellationToken cancellationToken);
}
