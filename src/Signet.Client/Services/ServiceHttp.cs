using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Signet.Core;

namespace Signet.Client.Services;

/// <summary>The one place the service clients send a request: errors become <see cref="SigstoreServiceException"/>.</summary>
internal static class ServiceHttp
{
    /// <summary>Largest response the clients read (a certificate chain, a log entry with proof, a token).</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>The media type the services speak (and the default of a request body).</summary>
    public const string Json = "application/json";

    /// <summary>GETs <paramref name="url"/>, accepting JSON.</summary>
    public static Task<byte[]> GetJsonAsync(HttpClient http, Uri url, string service, CancellationToken cancellationToken) =>
        SendAsync(http, HttpMethod.Get, url, null, null, Json, service, cancellationToken);

    public static async Task<byte[]> SendAsync(
        HttpClient http, HttpMethod method, Uri url, byte[]? body, string? contentType, string accept, string service,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? Json);
        }

        var response = await ExchangeAsync(http, request, service, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            var bytes = await ReadBoundedAsync(http, response, service, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SigstoreServiceException(
                    $"{service} refused the request ({(int)response.StatusCode} {response.ReasonPhrase}): {Detail(bytes)}")
                {
                    StatusCode = (int)response.StatusCode,
                    Location = response.Headers.Location is { } l ? new Uri(url, l) : null,
                };
            }

            return bytes;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns once the headers are read; an unreachable service or one that does not
    /// answer in time is a <see cref="SigstoreServiceException"/> naming <paramref name="service"/> and its host.
    /// </summary>
    public static async Task<HttpResponseMessage> ExchangeAsync(
        HttpClient http, HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri!.GetLeftPart(UriPartial.Authority);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SigstoreServiceException($"{service} at {authority} is unreachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SigstoreServiceException($"{service} at {authority} did not answer in time", e);
        }
    }

    /// <summary>
    /// The body of <paramref name="response"/> within <paramref name="maxBytes"/> and the client's timeout (counted
    /// again from the headers); a body that does not arrive in time is a <see cref="SigstoreServiceException"/>, as a
    /// service that does not answer is.
    /// </summary>
    public static async Task<byte[]> ReadBoundedAsync(
        HttpClient http, HttpResponseMessage response, string service, CancellationToken cancellationToken, long maxBytes = MaxResponseBytes)
    {
        try
        {
            return await ResponseBody.ReadAsync(response, maxBytes, http.Timeout, announced => new SigstoreServiceException(announced is long n
                ? $"{service} answered with {n} bytes; the limit is {maxBytes}"
                : $"{service} answered with more than {maxBytes} bytes"), cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var authority = response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority);
            throw new SigstoreServiceException($"{service} at {authority} did not send its whole answer within {http.Timeout.TotalSeconds:0.#} s", e);
        }
    }

    /// <summary>The problem+json <c>detail</c> (or Fulcio's <c>message</c>) when present, else the text, cut to one line.</summary>
    private static string Detail(byte[] body)
    {
        try
        {
            using var doc = ClientJson.Parse(body, "error body");
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "detail", "message", "error" })
                {
                    if (doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                    {
                        return OneLine(v.GetString()!);
                    }
                }
            }
        }
        catch (SignetFormatException)
        {
        }

        return OneLine(Encoding.UTF8.GetString(body));
    }

    private static string OneLine(string s)
    {
        s = s.ReplaceLineEndings(" ").Trim();
        return s.Length <= 300 ? s : s[..300] + "…";
    }

    /// <summary><paramref name="baseUrl"/> joined with an absolute API path, keeping any path prefix of the base.</summary>
    public static Uri Join(Uri baseUrl, string path) =>
        new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path);
}
