using System.Net;
using Signet.Tuf.Client;

namespace Signet.Client.Services;

/// <summary>
/// A TUF mirror over HTTP(S): metadata at <c>METADATA_URL/NAME</c>, targets at <c>TARGETS_URL/PATH</c> (by default
/// the mirror URL and <c>MIRROR/targets</c>, Sigstore's layout). Bodies are read through <see cref="ResponseBody"/>: an
/// announced length over the cap is refused before reading, and the read stops as soon as it passes the cap.
/// </summary>
public sealed class HttpTufRemote : ITufRemote
{
    private readonly HttpClient _http;
    private readonly Uri _metadataBase;
    private readonly Uri _targetsBase;

    /// <summary>A mirror with metadata under <paramref name="metadataBase"/> and targets under <paramref name="targetsBase"/>
    /// (by default <c>targets/</c> below the metadata).</summary>
    public HttpTufRemote(HttpClient http, Uri metadataBase, Uri? targetsBase = null)
    {
        _http = http;
        _metadataBase = WithSlash(metadataBase);
        _targetsBase = targetsBase is null ? new Uri(_metadataBase, "targets/") : WithSlash(targetsBase);
    }

    /// <inheritdoc/>
    public Task<byte[]?> FetchMetadataAsync(string fileName, long maxLength, CancellationToken cancellationToken) =>
        FetchAsync(new Uri(_metadataBase, Uri.EscapeDataString(fileName)), fileName, maxLength, cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]?> FetchTargetAsync(string targetPath, long maxLength, CancellationToken cancellationToken) =>
        FetchAsync(new Uri(_targetsBase, string.Join('/', targetPath.Split('/').Select(Uri.EscapeDataString))),
            targetPath, maxLength, cancellationToken);

    private async Task<byte[]?> FetchAsync(Uri uri, string name, long maxLength, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{name}: the mirror answered {(int)response.StatusCode} {response.ReasonPhrase}",
                null, response.StatusCode);
        }

        return await ResponseBody.ReadAsync(response, maxLength, _http.Timeout, announced => new TufException(TufErrorCode.TooLarge,
            announced is long n ? $"{name}: {n} bytes announced, cap is {maxLength}" : $"{name}: more than the cap of {maxLength} bytes"),
            cancellationToken).ConfigureAwait(false);
    }

    private static Uri WithSlash(Uri u) => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");
}
