using System.Net;
using Signet.Core;

namespace Signet.Oci;

/// <summary>What went wrong talking to a registry, so that callers (and the CLI) can say it in one line.</summary>
public enum RegistryErrorKind
{
    /// <summary>401: no or wrong credentials.</summary>
    Unauthorized,

    /// <summary>403: the credentials do not allow this.</summary>
    Denied,

    /// <summary>404: repository, manifest, blob or tag unknown.</summary>
    NotFound,

    /// <summary>429 after the allowed retries.</summary>
    RateLimited,

    /// <summary>5xx after the allowed retries.</summary>
    ServerError,

    /// <summary>Content did not hash to the digest it was fetched by: fail closed.</summary>
    DigestMismatch,

    /// <summary>The registry broke the distribution protocol (missing Location, oversized content, unexpected status).</summary>
    Protocol,

    /// <summary>Plain HTTP to a non-loopback host without <c>--allow-insecure-registry</c>.</summary>
    InsecureTransport,

    /// <summary>The registry could not be reached.</summary>
    Unreachable,
}

/// <summary>A registry request failed; the message names the registry, the request and the registry's own error code.</summary>
public sealed class RegistryException : SignetException
{
    /// <summary>A protocol error without details.</summary>
    public RegistryException()
    {
    }

    /// <summary>A protocol error.</summary>
    public RegistryException(string message)
        : base(message)
    {
    }

    /// <summary>A protocol error caused by <paramref name="innerException"/>.</summary>
    public RegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An error of <paramref name="kind"/>, with the HTTP status and the registry's error code when there were any.</summary>
    public RegistryException(RegistryErrorKind kind, string message, HttpStatusCode? status = null, string? errorCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        StatusCode = status;
        DistributionErrorCode = errorCode;
    }

    /// <summary>What went wrong, for callers that react differently (a digest mismatch is not an outage).</summary>
    public RegistryErrorKind Kind { get; } = RegistryErrorKind.Protocol;

    /// <summary>The registry's HTTP status, or null when it was not reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The distribution-spec error code from the body (e.g. <c>MANIFEST_UNKNOWN</c>), when there was one.</summary>
    public string? DistributionErrorCode { get; }

    /// <summary>A digest mismatch fails verification, a 404 is not found, anything else is the registry being unavailable.</summary>
    public override SignetErrorKind ErrorKind => Kind switch
    {
        RegistryErrorKind.DigestMismatch => SignetErrorKind.VerificationFailed,
        RegistryErrorKind.NotFound => SignetErrorKind.NotFound,
        _ => SignetErrorKind.Unavailable,
    };

    /// <summary><c>Registry</c> + the <see cref="RegistryErrorKind"/> name, e.g. <c>RegistryDigestMismatch</c>.</summary>
    public override string ErrorCode => "Registry" + Kind;
}
