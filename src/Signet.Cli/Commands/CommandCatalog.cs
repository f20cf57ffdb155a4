using System.CommandLine;

namespace Signet.Cli.Commands;

/// <summary>Every top-level command of the <c>signet</c> tool, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ServeCommand.Create();
        yield return LogCommands.Create();
        yield return DevTokenCommand.Create();
        yield return ImageCommands.Create();
        yield return CheckpointCommands.Create();
    }
}
