using System.Net;
using System.Text.Json;
using Signet.Client.Services;

namespace Signet.Oci;

/// <summary>Sending: authentication on 401, retries where safe, and one readable error per failure.</summary>
public sealed partial class RegistryClient
{
    private const int MaxErrorBodyBytes = 64 << 10;

    /// <summary>
    /// Sends the request <paramref name="build"/> makes (called again for each attempt). On 401 it answers the
    /// challenge once; on 429/502/503/504 or a network failure it retries a request that is safe to repeat,
    /// waiting for <c>Retry-After</c> (RFC 9110 §10.2.3) or an exponential back-off.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string scope, bool safeToRepeat, CancellationToken ct)
    {
        var authenticated = false;
        for (var attempt = 1; ; attempt++)
        {
            var request = build();
            request.Headers.Authorization ??= _auth.HeaderFor(scope);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                request.Dispose();
                if (safeToRepeat && attempt < _options.MaxAttempts)
                {
                    await DelayAsync(Backoff(attempt), ct).ConfigureAwait(false);
                    continue;
                }

                throw new RegistryException(RegistryErrorKind.Unreachable,
                    $"registry {Registry}: {request.Method} {request.RequestUri?.AbsolutePath} failed after {attempt} attempt(s): {e.Message}", inner: e);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && !authenticated)
            {
                var challenge = AuthChallenge.From(response.Headers);
                if (challenge is not null && await _auth.AuthenticateAsync(challenge, scope, request.RequestUri!, ct).ConfigureAwait(false))
                {
                    authenticated = true;
                    response.Dispose();
                    request.Dispose();
                    attempt--; // answering the challenge is not a retry
                    continue;
                }
            }

            if (safeToRepeat && IsTransient(response.StatusCode) && attempt < _options.MaxAttempts)
            {
                var delay = RetryAfter(response) ?? Backoff(attempt);
                if (delay <= _options.MaxRetryDelay)
                {
                    response.Dispose();
                    request.Dispose();
                    await DelayAsync(delay, ct).ConfigureAwait(false);
                    continue;
                }
            }

            return response;
        }
    }

    /// <summary>Turns a failed response into a <see cref="RegistryException"/> that says what to do about it.</summary>
    private async Task<RegistryException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        string? code = null, message = null;
        try
        {
            var body = await ReadLimitedAsync(response, MaxErrorBodyBytes, what, ct).ConfigureAwait(false);
            var parsed = JsonSerializer.Deserialize(body, OciJsonContext.Default.RegistryErrorBody);
            var first = parsed?.Errors is { Count: > 0 } errors ? errors[0] : null;
            code = first?.Code;
            message = first?.Message;
        }
        catch (Exception e) when (e is JsonException or RegistryException or HttpRequestException)
        {
            // The body is optional and may be HTML or plain text; the status alone still says what happened.
        }

        var status = (int)response.StatusCode;
        var detail = code is null ? "" : $": {code}" + (string.IsNullOrEmpty(message) ? "" : $" ({message})");
        var prefix = $"registry {Registry}: {what}";
        var (kind, text) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (RegistryErrorKind.Unauthorized,
                $"{prefix}: authentication required (401){detail}; give --registry-username/--registry-password or log in with docker login"),
            HttpStatusCode.Forbidden => (RegistryErrorKind.Denied, $"{prefix}: access denied (403){detail}"),
            HttpStatusCode.NotFound => (RegistryErrorKind.NotFound, $"{prefix}: not found (404){detail}"),
            HttpStatusCode.TooManyRequests => (RegistryErrorKind.RateLimited,
                $"{prefix}: rate limited (429){detail}" + (RetryAfter(response) is { } after ? $"; the registry asks to retry after {after.TotalSeconds:0} s" : "; retry later")),
            _ when status >= 500 => (RegistryErrorKind.ServerError, $"{prefix}: server error {status} {response.ReasonPhrase}{detail}; retried {_options.MaxAttempts} times where safe"),
            _ => (RegistryErrorKind.Protocol, $"{prefix}: unexpected {status} {response.ReasonPhrase}{detail}"),
        };
        return new RegistryException(kind, text, response.StatusCode, code);
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of a body (more is a protocol error, not an out-of-memory) within the
    /// per-request timeout, counted again from the headers (a registry that stalls mid-body is unreachable, not a hang).
    /// </summary>
    // read: told the bytes read so far after each chunk (a blob pull's progress); null for none.
    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, long limit, string what, CancellationToken ct, Action<long>? read = null)
    {
        try
        {
            return await ResponseBody.ReadAsync(response, limit, _options.Timeout, declared => new RegistryException(RegistryErrorKind.Protocol,
                declared is long n
                    ? $"registry {Registry}: {what}: {n} bytes exceeds the {limit}-byte limit"
                    : $"registry {Registry}: {what}: body exceeds the {limit}-byte limit"), ct, read).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RegistryException(RegistryErrorKind.Unreachable,
                $"registry {Registry}: {what}: the registry did not send its whole answer within {_options.Timeout.TotalSeconds:0.#} s", inner: e);
        }
    }

    private static bool IsTransient(HttpStatusCode s) =>
        s is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var h = response.Headers.RetryAfter;
        if (h?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (h?.Date is { } date)
        {
            var d = date - _options.TimeProvider.GetUtcNow();
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }

        return null;
    }

    private TimeSpan Backoff(int attempt) => _options.InitialBackoff * Math.Pow(2, attempt - 1);

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _options.TimeProvider, ct);

    private Uri ApiUri(string pathAndQuery) => new(_baseUri, pathAndQuery);

    private static string Pull(string repository) => $"repository:{repository}:pull";

    private static string Push(string repository) => $"repository:{repository}:pull,push";
}
