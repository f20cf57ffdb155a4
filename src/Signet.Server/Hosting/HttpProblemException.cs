using Signet.Core;

namespace Signet.Server;

/// <summary>
/// A request an endpoint refuses, by kind: <see cref="ProblemMiddleware"/> answers it as RFC 9457 problem+json with the
/// status <see cref="ProblemStatus"/> gives the kind (and code). <see cref="Unavailable"/> sets <c>Retry-After</c>.
/// </summary>
public sealed class HttpProblemException : SignetException
{
    private readonly SignetErrorKind _kind;
    private readonly string _code;

    private HttpProblemException(SignetErrorKind kind, string code, string detail, TimeSpan? retryAfter = null)
        : base(detail)
    {
        _kind = kind;
        _code = code;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public int Status => ProblemStatus.Of(this);

    /// <summary>The problem's <c>title</c>: the status in words.</summary>
    public string Title => ProblemStatus.Title(Status);

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => _kind;

    /// <inheritdoc/>
    public override string ErrorCode => _code;

    /// <summary>Malformed or unusable request (400).</summary>
    public static HttpProblemException BadRequest(string detail) => new(SignetErrorKind.InvalidInput, SignetErrorCodes.InvalidInput, detail);

    /// <summary>No such thing (404).</summary>
    public static HttpProblemException NotFound(string detail) => new(SignetErrorKind.NotFound, SignetErrorCodes.NotFound, detail);

    /// <summary>The request conflicts with what is already there (409).</summary>
    public static HttpProblemException Conflict(string detail) => new(SignetErrorKind.Conflict, SignetErrorCodes.Conflict, detail);

    /// <summary>A body over the endpoint's limit (413).</summary>
    public static HttpProblemException TooLarge(string detail) => new(SignetErrorKind.InvalidInput, SignetErrorCodes.TooLarge, detail);

    /// <summary>A body of a media type the endpoint does not take (415).</summary>
    public static HttpProblemException UnsupportedMediaType(string detail) =>
        new(SignetErrorKind.InvalidInput, SignetErrorCodes.UnsupportedMediaType, detail);

    /// <summary>Overloaded for now: retry after <paramref name="retryAfter"/> (503).</summary>
    public static HttpProblemException Unavailable(string detail, TimeSpan retryAfter) =>
        new(SignetErrorKind.Unavailable, SignetErrorCodes.Unavailable, detail, retryAfter);
}
