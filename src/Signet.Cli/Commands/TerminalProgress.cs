using System.CommandLine;
using Spectre.Console;

namespace Signet.Cli.Commands;

/// <summary>
/// Progress of long work (hashing a large artifact) on stderr, drawn by Spectre.Console: only when stderr is a
/// terminal, the work is at least <see cref="Threshold"/> bytes and <c>--quiet</c> was not given. Redirected or quiet,
/// the work runs with no progress and no bytes are written. The libraries only see an <see cref="IProgress{T}"/>.
/// </summary>
internal static class TerminalProgress
{
    /// <summary>Work smaller than this finishes too soon for a progress bar to help.</summary>
    public const long Threshold = 16L * 1024 * 1024;

    /// <summary><c>--quiet</c>, on every command: no progress output.</summary>
    public static readonly Option<bool> Quiet = new("--quiet") { Description = "Show no progress on the terminal", Recursive = true };

    /// <summary>Runs <paramref name="work"/>, showing its progress out of <paramref name="total"/> bytes when it should.</summary>
    public static T Run<T>(ParseResult parse, string description, long total, Func<IProgress<long>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (total < Threshold || parse.GetValue(Quiet) || Console.IsErrorRedirected || !ReferenceEquals(parse.InvocationConfiguration.Error, Console.Error))
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: total);
                result = work(new Reporter(task));
                task.Value = total;
            });
        return result;
    }

    // Synchronous: Progress<T> would post reports to the thread pool after the work is done.
    private sealed class Reporter(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
