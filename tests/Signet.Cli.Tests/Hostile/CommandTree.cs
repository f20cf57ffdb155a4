using System.CommandLine;
using Signet.Cli.Commands;

namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// The CLI's command tree, walked from <see cref="CommandCatalog"/>: every option and argument with the path of its
/// command (<c>trust show</c>), for the tests that try one bad value on each of them.
/// </summary>
internal static class CommandTree
{
    /// <summary>Every (command path, option) of every command.</summary>
    public static IEnumerable<(string Path, Option Option)> Options() =>
        Commands().SelectMany(c => c.Command.Options.Select(o => (c.Path, o)));

    /// <summary>Every (command path, argument) of every command.</summary>
    public static IEnumerable<(string Path, Argument Argument)> Arguments() =>
        Commands().SelectMany(c => c.Command.Arguments.Select(a => (c.Path, a)));

    private static IEnumerable<(string Path, Command Command)> Commands() =>
        CommandCatalog.All(TimeProvider.System).SelectMany(c => Under(c, c.Name));

    private static IEnumerable<(string Path, Command Command)> Under(Command command, string path) =>
        command.Subcommands.SelectMany(sub => Under(sub, $"{path} {sub.Name}")).Prepend((path, command));
}
