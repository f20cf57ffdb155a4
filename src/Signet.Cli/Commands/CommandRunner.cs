using System.CommandLine;

namespace Signet.Cli.Commands;

/// <summary>
/// How every command runs its body: the body's exit code, or for any exception the exit code and one line of
/// <see cref="CommandFailure"/> (and with <c>--json</c> the failure object on standard output). Commands print what
/// they did; they never catch to choose an exit code themselves.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="body"/>; failures are reported as
    /// <paramref name="name"/> (default: <c>signet</c> and the command's path, e.g. <c>signet image verify</c>).</summary>
    public static void SetRunner(this Command command, Func<ParseResult, CancellationToken, Task<int>> body, string? name = null) =>
        command.SetAction((p, ct) => RunAsync(p, () => body(p, ct), name, ct));

    /// <inheritdoc cref="SetRunner(Command, Func{ParseResult, CancellationToken, Task{int}}, string?)"/>
    public static void SetRunner(this Command command, Func<ParseResult, int> body, string? name = null) =>
        command.SetAction(p => Run(p, () => body(p), name));

    internal static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> body, string? name, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"{name ?? NameOf(parse)}: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            return Fail(parse, e, name);
        }
    }

    internal static int Run(ParseResult parse, Func<int> body, string? name)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Fail(parse, e, name);
        }
    }

    /// <summary>Reports <paramref name="exception"/> for the command <paramref name="parse"/> names, on
    /// <paramref name="output"/> and <paramref name="error"/> (default: the invocation's); returns the exit code.</summary>
    public static int Fail(ParseResult parse, Exception exception, string? name = null, TextWriter? output = null, TextWriter? error = null)
    {
        var failure = CommandFailure.Of(exception);
        if (JsonRequested(parse))
        {
            (output ?? parse.InvocationConfiguration.Output).WriteLine(failure.ToJson());
        }

        (error ?? parse.InvocationConfiguration.Error).WriteLine(failure.Line(name ?? NameOf(parse)));
        return failure.ExitCode;
    }

    /// <summary><c>signet</c> and the path of subcommands, e.g. <c>signet tuf keygen</c>.</summary>
    private static string NameOf(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Add(r.Command.Name);
        }

        names.Add("signet");
        names.Reverse();
        return string.Join(' ', names);
    }

    private static bool JsonRequested(ParseResult parse) =>
        parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is { } json
        && parse.GetValue(json);
}
