using System.Net;

namespace Signet.Tuf.Client;

/// <summary>
/// A TUF mirror over HTTP(S): metadata at <c>METADATA_URL/NAME</c>, targets at <c>TARGETS_URL/PATH</c> (by default
/// the mirror URL and <c>MIRROR/targets</c>, Sigstore's layout). Reads stop one byte past each size cap.
/// </summary>
public sealed class HttpTufRemote : ITufRemote
{
    private readonly HttpClient _http;
    private readonly Uri _metadataBase;
    private readonly Uri _targetsBase;

    public HttpTufRemote(HttpClient http, Uri metadataBase, Uri? targetsBase = null)
    {
        _http = http;
        _metadataBase = WithSlash(metadataBase);
        _targetsBase = targetsBase is null ? new Uri(_metadataBase, "targets/") : WithSlash(targetsBase);
    }

    public Task<byte[]?> FetchMetadataAsync(string fileName, long maxLength, CancellationToken cancellationToken) =>
        FetchAsync(new Uri(_metadataBase, Uri.EscapeDataString(fileName)), fileName, maxLength, cancellationToken);

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

        if (response.Content.Headers.ContentLength > maxLength)
        {
            throw new TufException(TufErrorCode.TooLarge, $"{name}: {response.Content.Headers.ContentLength} bytes announced, cap is {maxLength}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxLength)
                {
                    throw new TufException(TufErrorCode.TooLarge, $"{name}: more than the cap of {maxLength} bytes");
                }
            }

            return buffer.ToArray();
        }
    }

    private static Uri WithSlash(Uri u) => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");
}
