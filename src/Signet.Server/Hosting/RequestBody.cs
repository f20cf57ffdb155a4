namespace Signet.Server;

/// <summary>Reads a request body with an endpoint's own size limit (413 problem when exceeded).</summary>
public static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long declared && declared > maxBytes)
        {
            throw HttpProblemException.TooLarge($"the request body is {declared} bytes; the limit is {maxBytes}");
        }

        // A declared length (Kestrel ends the body there): read straight into an array of that size.
        if (request.ContentLength is long exact)
        {
            var body = new byte[exact];
            var read = 0;
            while (read < body.Length)
            {
                var n = await request.Body.ReadAsync(body.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw HttpProblemException.BadRequest($"the request body ended after {read} of its {exact} declared bytes");
                }

                read += n;
            }

            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var n = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            if (buffer.Length + n > maxBytes)
            {
                throw HttpProblemException.TooLarge($"the request body exceeds the limit of {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
