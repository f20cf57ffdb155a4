namespace Signet.Client.Services;

/// <summary>
/// Reads an HTTP response's body into memory within a byte limit and a time limit. A larger announced
/// <c>Content-Length</c> is refused before anything is read, and the read stops as soon as the body passes the limit (a
/// server that announces nothing or lies cannot make the reader buffer more). The whole body must arrive within the
/// time limit, counted from the headers: <see cref="HttpClient.Timeout"/> ends at the headers when they are read first
/// (<see cref="HttpCompletionOption.ResponseHeadersRead"/>), so without it a server that sends its headers and then
/// stalls, or trickles a byte a second, holds the reader for ever. Every client of an outside HTTP service reads its
/// answers through here.
/// </summary>
public static class ResponseBody
{
    /// <summary>The body of <paramref name="response"/>, at most <paramref name="maxBytes"/> bytes, read within <paramref name="timeout"/>.</summary>
    /// <param name="response">The response, its headers read (<see cref="HttpCompletionOption.ResponseHeadersRead"/>).</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="timeout">How long the whole body may take (the client's <see cref="HttpClient.Timeout"/> is the usual
    /// figure); <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="tooLarge">The error for a body over the limit, given the announced length (null when the body itself
    /// ran past the limit).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="progress">Told the bytes read so far after each chunk (a download's progress); null for none.</param>
    /// <exception cref="TaskCanceledException">The body did not arrive in full within <paramref name="timeout"/>: the
    /// exception <see cref="HttpClient"/> throws when its own timeout elapses (a <see cref="TimeoutException"/> inside),
    /// so callers treat a stalled body as they treat a service that never answered.</exception>
    /// <exception cref="Exception">What <paramref name="tooLarge"/> returns.</exception>
    public static async Task<byte[]> ReadAsync(
        HttpResponseMessage response, long maxBytes, TimeSpan timeout, Func<long?, Exception> tooLarge,
        CancellationToken cancellationToken, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(tooLarge);
        if (response.Content.Headers.ContentLength is long announced && announced > maxBytes)
        {
            throw tooLarge(announced);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBoundedAsync(stream, maxBytes, () => tooLarge(null), deadline.Token, progress).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException
            && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(response.RequestMessage?.RequestUri, timeout, e);
        }
    }

    /// <summary>
    /// What a caller throws when <paramref name="url"/> did not send its whole answer — headers or body — within
    /// <paramref name="timeout"/>: a <see cref="TaskCanceledException"/> with a <see cref="TimeoutException"/> inside, as
    /// <see cref="HttpClient"/>'s own timeout, but naming the URL (its path, no query).
    /// </summary>
    /// <param name="url">What was asked for; null for "the server".</param>
    /// <param name="timeout">The time it had.</param>
    /// <param name="inner">What the timeout interrupted.</param>
    public static TaskCanceledException TimedOut(Uri? url, TimeSpan timeout, Exception inner)
    {
        var from = url is null ? "the server" : url.GetLeftPart(UriPartial.Path);
        var message = $"{from} did not send its whole answer within {timeout.TotalSeconds:0.#} s";
        return new TaskCanceledException(message, new TimeoutException(message, inner));
    }

    /// <summary>
    /// The rest of <paramref name="stream"/> — an answer from outside: a body, a helper program's output — at most
    /// <paramref name="maxBytes"/> bytes: the read stops as soon as the stream passes the limit, so a peer that writes
    /// without end cannot make the reader buffer more. <paramref name="cancellationToken"/> carries the time limit.
    /// </summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="tooLarge">The error for a stream that runs past the limit.</param>
    /// <param name="cancellationToken">Cancels the read (the caller's deadline).</param>
    /// <param name="progress">Told the bytes read so far after each chunk; null for none.</param>
    /// <exception cref="Exception">What <paramref name="tooLarge"/> returns.</exception>
    public static async Task<byte[]> ReadBoundedAsync(
        Stream stream, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellationToken, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw tooLarge();
            }

            buffer.Write(chunk, 0, read);
            progress?.Invoke(buffer.Length);
        }

        return buffer.ToArray();
    }
}
