using System.CommandLine;
using Spectre.Console;

namespace Signet.Cli.Commands;

/// <summary>What progress counts: bytes (a transfer rate is shown) or entries.</summary>
internal enum ProgressUnit
{
    /// <summary>Bytes read, hashed or moved.</summary>
    Bytes,

    /// <summary>Entries (log entries, a package's signed files) done.</summary>
    Entries,
}

/// <summary>One piece of long work, and whether it is big enough for progress to be drawn.</summary>
/// <param name="Description">The label shown before the bar.</param>
/// <param name="Total">How many <paramref name="Unit"/>s the work reports in all.</param>
/// <param name="Unit">What is counted.</param>
/// <param name="Threshold">The <paramref name="Size"/> under which no progress is drawn.</param>
/// <param name="Size">How big the work is (default <paramref name="Total"/>): a package's bytes when its entries are counted.</param>
internal sealed record ProgressWork(string Description, long Total, ProgressUnit Unit = ProgressUnit.Bytes, long Threshold = TerminalProgress.Threshold, long? Size = null);

/// <summary>Where progress would be drawn, and whether that is a terminal (only then is anything drawn).</summary>
/// <param name="Writer">The progress output: stderr.</param>
/// <param name="IsTerminal">True when <paramref name="Writer"/> is a terminal a person watches.</param>
/// <param name="Ansi">Whether it takes ANSI cursor movement (a live bar) or gets milestone lines: detected from
/// <c>TERM</c> for stderr; a test's terminal says.</param>
internal sealed record ProgressTerminal(TextWriter Writer, bool IsTerminal, AnsiSupport Ansi = AnsiSupport.Detect)
{
    /// <summary>A Spectre.Console console drawing on <see cref="Writer"/>.</summary>
    public IAnsiConsole CreateConsole() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Writer), Interactive = InteractionSupport.Yes, Ansi = Ansi });

    /// <summary>The process's stderr, a terminal unless redirected or unless the command writes its errors elsewhere (tests).</summary>
    public static ProgressTerminal Of(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new(Console.Error, !Console.IsErrorRedirected && ReferenceEquals(parse.InvocationConfiguration.Error, Console.Error));
    }
}
