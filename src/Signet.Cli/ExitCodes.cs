using Signet.Core;

namespace Signet.Cli;

/// <summary>
/// Process exit codes shared by every command, and the one mapping from a kind of failure to its code
/// (<see cref="Of(SignetErrorKind)"/>; <see cref="Commands.CommandFailure"/> maps exceptions through it). README's
/// "Exit codes" sentence lists them.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (for verify: the bundle verified).</summary>
    public const int Success = 0;

    /// <summary>Verification ran and failed: the signature, proof, identity or time did not check out.</summary>
    public const int VerificationFailed = 1;

    /// <summary>The command line was wrong (unknown option, missing argument, contradictory flags).</summary>
    public const int Usage = 2;

    /// <summary>An input (file, bundle, trust root, key, proof) was malformed, unreadable or in conflict with what exists.</summary>
    public const int InvalidInput = 3;

    /// <summary>A service could not be reached, answered with an error, or does not have what was asked for.</summary>
    public const int ServiceError = 4;

    /// <summary>The deployment's settings or stored state cannot be used (<c>signet serve</c> could not start).</summary>
    public const int Configuration = 5;

    /// <summary>A bug in Signet: an exception no rule classifies (sysexits' <c>EX_SOFTWARE</c>).</summary>
    public const int Internal = 70;

    /// <summary>Interrupted (Ctrl+C) before the command finished: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a kind of failure.</summary>
    public static int Of(SignetErrorKind kind) => kind switch
    {
        SignetErrorKind.VerificationFailed => VerificationFailed,
        SignetErrorKind.InvalidInput or SignetErrorKind.Conflict => InvalidInput,
        SignetErrorKind.NotFound or SignetErrorKind.Unavailable => ServiceError,
        SignetErrorKind.Configuration => Configuration,
        _ => Internal,
    };
}
