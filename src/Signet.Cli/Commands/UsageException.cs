using Signet.Core;

namespace Signet.Cli.Commands;

/// <summary>The command line is contradictory or incomplete in a way the parser cannot express (exit 2).</summary>
internal sealed class UsageException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    public override string ErrorCode => SignetErrorCodes.Usage;
}
