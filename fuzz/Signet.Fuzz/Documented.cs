using Signet.Core;

namespace Signet.Fuzz;

/// <summary>What a parser may throw for bad input: Signet's own exceptions, each classified by kind (invalid input,
/// verification failed, …) and so reported as a 4xx or a CLI exit code. A configuration failure is not an answer to
/// input, and anything else (an <see cref="InvalidOperationException"/>, an <see cref="IndexOutOfRangeException"/>,
/// a runtime's <see cref="System.Security.Cryptography.CryptographicException"/>) is unclassified: a finding.</summary>
public static class Documented
{
    public static bool IsDocumented(Exception exception) =>
        exception is SignetException s && s.ErrorKind != SignetErrorKind.Configuration;
}
