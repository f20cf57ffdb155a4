namespace Signet.Server;

/// <summary>
/// A request an endpoint refuses with a specific 4xx/503 status; <see cref="ProblemMiddleware"/> turns it into
/// RFC 9457 problem+json. <paramref name="retryAfter"/> sets <c>Retry-After</c> (overload).
/// </summary>
public sealed class HttpProblemException(int status, string title, string detail, TimeSpan? retryAfter = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static HttpProblemException BadRequest(string detail) => new(400, "Bad Request", detail);

    public static HttpProblemException NotFound(string detail) => new(404, "Not Found", detail);

    public static HttpProblemException TooLarge(string detail) => new(413, "Payload Too Large", detail);

    public static HttpProblemException UnsupportedMediaType(string detail) => new(415, "Unsupported Media Type", detail);

    public static HttpProblemException Unavailable(string detail, TimeSpan retryAfter) =>
        new(503, "Service Unavailable", detail, retryAfter);
}
