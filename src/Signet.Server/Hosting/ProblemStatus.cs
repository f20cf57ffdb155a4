using Signet.Core;

namespace Signet.Server;

/// <summary>
/// The one mapping from Signet's error model to HTTP statuses (RFC 9110 §15): the kind decides, except for the few
/// codes that name a more precise status. Every endpoint's refusals go through it (<see cref="ProblemMiddleware"/>,
/// and the Fulcio-shaped errors of <c>/api/v2/signingCert</c>).
/// </summary>
public static class ProblemStatus
{
    /// <summary>The status for <paramref name="exception"/>: by code where one is listed, else by kind.</summary>
    public static int Of(SignetException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.ErrorCode switch
        {
            SignetErrorCodes.TooLarge => 413,
            SignetErrorCodes.UnsupportedMediaType => 415,
            SignetErrorCodes.InvalidIdentityToken => 401,
            SignetErrorCodes.WitnessUnsignedCheckpoint => 403, // C2SP tlog-witness §add-checkpoint
            SignetErrorCodes.WitnessInconsistentCheckpoint => 422,
            _ => Of(exception.ErrorKind),
        };
    }

    /// <summary>The status of a kind: invalid input and failed verification 400, not found 404, conflict 409,
    /// unavailable 503 (with <c>Retry-After</c> when known), configuration 500.</summary>
    public static int Of(SignetErrorKind kind) => kind switch
    {
        SignetErrorKind.InvalidInput => 400,
        SignetErrorKind.VerificationFailed => 400,
        SignetErrorKind.NotFound => 404,
        SignetErrorKind.Conflict => 409,
        SignetErrorKind.Unavailable => 503,
        _ => 500,
    };

    /// <summary>The problem <c>title</c> of a status (RFC 9110 §15 reason phrases).</summary>
    public static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
}
