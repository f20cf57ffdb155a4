namespace Signet.Cli;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (for verify: the bundle verified).</summary>
    public const int Success = 0;

    /// <summary>Verification ran and failed: the signature, proof, identity or time did not check out.</summary>
    public const int VerificationFailed = 1;

    /// <summary>The command line was wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>An input (file, bundle, trust root, key, proof) was malformed or unreadable.</summary>
    public const int InvalidInput = 3;

    /// <summary>A service could not be reached or answered with an error.</summary>
    public const int ServiceError = 4;
}
