using System.CommandLine;

namespace Signet.Cli.Commands;

/// <summary>Adds a group of options to a command in one call (help lists them in the order given).</summary>
internal static class CommandOptions
{
    public static void AddOptions(this Command command, params ReadOnlySpan<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }
}
