using System.CommandLine;
using Signet.Cli.Commands;

namespace Signet.Cli;

internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line; tests call this in-process with their own writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, TimeProvider.System);

    /// <summary>Parses and runs one command line on <paramref name="time"/>'s clock (the one clock every command reads).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        var root = new RootCommand("Signet: Sigstore for .NET. Sign, verify and run the Sigstore services.");
        // One line per command group; each group lives in Commands/<Group>Commands.cs.
        foreach (var command in CommandCatalog.All(time))
        {
            root.Subcommands.Add(command);
        }

        root.Options.Add(TerminalProgress.Quiet);
        EmptyValues.RefuseUnder(root);
        NumberValues.ParseUnder(root);

        // No response files: an argument starting with '@' is a value (an npm scope, @scope/name), never a file to expand.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // Every command reports its own failures (CommandRunner); what still escapes is reported the same way, never
        // as a stack trace.
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parsed.CommandResult.Command.Name == "serve")
        {
            // serve stops on SIGTERM/SIGINT through the host's console lifetime: it stops accepting, answers the
            // requests in flight, flushes the log's pending batches, and then exits 0. System.CommandLine's own
            // handler would end the process two seconds after the signal, whatever was still in flight.
            config.ProcessTerminationTimeout = null;
        }

        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            // A wrong command line is a usage error (exit 2), distinct from a failed verification (exit 1).
            parsed.Invoke(config);
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            return CommandRunner.Fail(parsed, e, output: output, error: error);
        }
    }
}
