namespace Signet.Core;

/// <summary>
/// What kind of failure a <see cref="SignetException"/> reports. The kind alone decides the CLI exit code and the HTTP
/// status (each mapped in one place: <c>Signet.Cli.ExitCodes</c>, <c>Signet.Server.ProblemStatus</c>); the
/// <see cref="SignetException.ErrorCode"/> names the reason within the kind.
/// </summary>
public enum SignetErrorKind
{
    /// <summary>Malformed or unusable input: text, a file, a request, a key, a command line. CLI exit 3, HTTP 400
    /// (413 for <see cref="SignetErrorCodes.TooLarge"/>, 415 for <see cref="SignetErrorCodes.UnsupportedMediaType"/>).</summary>
    InvalidInput,

    /// <summary>Well-formed, but a signature, proof, identity, time or policy did not check out. CLI exit 1, HTTP 400.</summary>
    VerificationFailed,

    /// <summary>What was asked for does not exist (an entry, a manifest, a file of a repository). CLI exit 4, HTTP 404.</summary>
    NotFound,

    /// <summary>The request conflicts with what is already there (a repository that exists, a change waiting for
    /// signatures). CLI exit 3, HTTP 409.</summary>
    Conflict,

    /// <summary>A service could not be reached, did not answer in time, is overloaded (see
    /// <see cref="SignetException.RetryAfter"/>), or refused the request. CLI exit 4, HTTP 503 with <c>Retry-After</c>.</summary>
    Unavailable,

    /// <summary>The deployment's settings or stored state cannot be used (a key file, a data directory, an address to
    /// listen on). CLI exit 5, HTTP 500.</summary>
    Configuration,
}
