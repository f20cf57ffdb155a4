namespace Signet.Client.Services;

/// <summary>
/// Reads an HTTP response's body into memory within a byte limit: a larger announced <c>Content-Length</c> is refused
/// before anything is read, and the read stops as soon as the body passes the limit (a server that announces nothing or
/// lies cannot make the reader buffer more). Every client of an outside HTTP service reads its answers through here.
/// </summary>
public static class ResponseBody
{
    /// <summary>The body of <paramref name="response"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="response">The response, its headers read (<see cref="HttpCompletionOption.ResponseHeadersRead"/>).</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="tooLarge">The error for a body over the limit, given the announced length (null when the body itself
    /// ran past the limit).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="Exception">What <paramref name="tooLarge"/> returns.</exception>
    public static async Task<byte[]> ReadAsync(
        HttpResponseMessage response, long maxBytes, Func<long?, Exception> tooLarge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(tooLarge);
        if (response.Content.Headers.ContentLength is long announced && announced > maxBytes)
        {
            throw tooLarge(announced);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw tooLarge(null);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
