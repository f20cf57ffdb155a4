namespace Signet.Client.Services;

/// <summary>
/// What the Sigstore service clients (<see cref="FulcioClient"/>, <see cref="RekorV1Client"/>,
/// <see cref="RekorV2Client"/>, <see cref="TimestampClient"/>) share: the service's base URL, and requests sent through
/// <see cref="ServiceHttp"/> with the service named in every <see cref="SigstoreServiceException"/>.
/// </summary>
public abstract class SigstoreServiceClient
{
    private readonly HttpClient _http;
    private readonly string _service;

    private protected SigstoreServiceClient(HttpClient http, Uri baseUrl, string service)
    {
        _http = http;
        BaseUrl = baseUrl;
        _service = service;
    }

    /// <summary>The service's URL as given (its entry in the signing config).</summary>
    public Uri BaseUrl { get; }

    /// <summary>An absolute API path below <see cref="BaseUrl"/>.</summary>
    private protected Uri At(string path) => ServiceHttp.Join(BaseUrl, path);

    private protected Task<byte[]> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        ServiceHttp.GetJsonAsync(_http, url, _service, cancellationToken);

    private protected Task<byte[]> PostJsonAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        ServiceHttp.SendAsync(_http, HttpMethod.Post, At(path), body, ServiceHttp.Json, ServiceHttp.Json, _service, cancellationToken);

    private protected Task<byte[]> PostAsync(Uri url, byte[] body, string contentType, string accept, CancellationToken cancellationToken) =>
        ServiceHttp.SendAsync(_http, HttpMethod.Post, url, body, contentType, accept, _service, cancellationToken);
}
