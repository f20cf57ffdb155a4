using System.CommandLine;
using Signet.Cli.Commands;

namespace Signet.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Signet: Sigstore for .NET. Sign, verify and run the Sigstore services.");
        // One line per command group; each group lives in Commands/<Group>Commands.cs.
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).Invoke();
    }
}
