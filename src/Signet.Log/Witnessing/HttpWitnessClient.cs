using System.Net;
using System.Net.Http.Headers;
using Signet.Core;
using Signet.Core.Notes;

namespace Signet.Log.Witnessing;

/// <summary>A witness's refusal or an unusable answer (anything but 200 and 409), with the HTTP status when there was one.</summary>
/// <param name="message">What happened.</param>
public sealed class WitnessUnavailableException(string message) : SignetException(message)
{
    /// <summary>The witness's HTTP status, or null when it did not answer.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why the log refused the answer when the status does not say (a metric tag: a short fixed word), or null.</summary>
    internal string? Reason { get; init; }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.Unavailable;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.ServiceUnavailable;
}

/// <summary>
/// <c>POST &lt;prefix&gt;/add-checkpoint</c> over HTTP (C2SP tlog-witness), on a client with keep-alive connections
/// (clients SHOULD use them) that <paramref name="http"/>'s owner disposes.
/// </summary>
/// <param name="http">The client; its timeout bounds each request.</param>
/// <param name="submissionPrefix">The witness's submission prefix, ending in <c>/</c>.</param>
public sealed class HttpWitnessClient(HttpClient http, Uri submissionPrefix) : IWitnessClient
{
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>
    /// The HTTP client for witnesses: keep-alive connections (C2SP tlog-witness: clients SHOULD use them), a whole
    /// exchange within <paramref name="timeout"/> (the answer is buffered, so the timeout covers the body), and at most
    /// 64 KiB buffered (a longer answer without a <c>Content-Length</c> is refused while it is read, not after).
    /// </summary>
    public static HttpClient CreateHttpClient(TimeSpan timeout) =>
        new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = timeout,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };

    /// <inheritdoc/>
    public async Task<WitnessAnswer> AddCheckpointAsync(AddCheckpointRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var content = new ByteArrayContent(request.Format());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(submissionPrefix, "add-checkpoint"), content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new WitnessUnavailableException($"witness {submissionPrefix}: no answer ({e.Message})");
        }

        using (response)
        {
            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw new WitnessUnavailableException($"witness {submissionPrefix}: an answer of {response.Content.Headers.ContentLength} bytes") { StatusCode = (int)response.StatusCode };
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    return new WitnessCosigned(body);
                case HttpStatusCode.Conflict when response.Content.Headers.ContentType?.MediaType == AddCheckpointRequest.SizeMediaType:
                    return new WitnessSizeConflict(AddCheckpointRequest.ParseSize(body));
                default:
                    var text = System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
                    throw new WitnessUnavailableException($"witness {submissionPrefix}: HTTP {(int)response.StatusCode} {text}".TrimEnd()) { StatusCode = (int)response.StatusCode };
            }
        }
    }
}
