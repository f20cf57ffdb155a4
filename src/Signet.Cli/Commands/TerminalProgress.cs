using System.CommandLine;
using Spectre.Console;

namespace Signet.Cli.Commands;

/// <summary>
/// Progress of long work (hashing a large artifact, moving an image blob, verifying a big package's entries, a
/// monitor's catch-up) on stderr, drawn by Spectre.Console: only when stderr is a terminal, the work is at least its
/// <see cref="ProgressWork.Threshold"/> and <c>--quiet</c> was not given. Redirected or quiet, the work runs with no
/// progress and no bytes are written. The libraries only see an <see cref="IProgress{T}"/> of the units done so far.
/// </summary>
internal static class TerminalProgress
{
    /// <summary>Bytes: work smaller than this finishes too soon for a progress bar to help.</summary>
    public const long Threshold = 16L * 1024 * 1024;

    /// <summary><c>--quiet</c>, on every command: no progress output.</summary>
    public static readonly Option<bool> Quiet = new("--quiet") { Description = "Show no progress on the terminal", Recursive = true };

    /// <summary>Runs <paramref name="work"/> over <paramref name="total"/> bytes, showing its progress when it should.</summary>
    public static T Run<T>(ParseResult parse, string description, long total, Func<IProgress<long>?, T> work) =>
        Run(parse, ProgressTerminal.Of(parse), new ProgressWork(description, total), work);

    /// <summary>Runs <paramref name="work"/> on <paramref name="terminal"/>, showing its progress when it should.</summary>
    public static T Run<T>(ParseResult parse, ProgressTerminal terminal, ProgressWork what, Func<IProgress<long>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var console = ConsoleFor(parse, terminal, what);
        if (console is null)
        {
            return work(null);
        }

        T result = default!;
        Display(console, what).Start(context =>
        {
            var task = context.AddTask(what.Description, maxValue: what.Total);
            result = work(new Reporter(task));
            task.Value = what.Total;
        });
        return result;
    }

    /// <summary>The asynchronous <see cref="Run{T}(ParseResult, ProgressTerminal, ProgressWork, Func{IProgress{long}, T})"/>.</summary>
    public static Task<T> RunAsync<T>(ParseResult parse, ProgressWork what, Func<IProgress<long>?, Task<T>> work) =>
        RunAsync(parse, ProgressTerminal.Of(parse), what, work);

    /// <summary>The asynchronous <see cref="Run{T}(ParseResult, ProgressTerminal, ProgressWork, Func{IProgress{long}, T})"/>.</summary>
    public static async Task<T> RunAsync<T>(ParseResult parse, ProgressTerminal terminal, ProgressWork what, Func<IProgress<long>?, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var console = ConsoleFor(parse, terminal, what);
        if (console is null)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await Display(console, what).StartAsync(async context =>
        {
            var task = context.AddTask(what.Description, maxValue: what.Total);
            var result = await work(new Reporter(task)).ConfigureAwait(false);
            task.Value = what.Total;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs work whose size it learns only once it has begun (a monitor knows how far to catch up after it has verified
    /// the log's checkpoint): its first report gives the total, and progress is drawn from then on when it should
    /// (<see cref="RunAsync{T}(ParseResult, ProgressTerminal, ProgressWork, Func{IProgress{long}, Task{T}})"/>).
    /// Work that never reports draws nothing.
    /// </summary>
    public static async Task<T> RunWhenSizedAsync<T>(ParseResult parse, ProgressTerminal terminal, ProgressWork what, Func<IProgress<(long Done, long Total)>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(what);
        ArgumentNullException.ThrowIfNull(work);
        var sized = new SizedReporter();
        var running = work(sized);
        if (await Task.WhenAny(running, sized.Total).ConfigureAwait(false) == running)
        {
            return await running.ConfigureAwait(false);
        }

        var total = await sized.Total.ConfigureAwait(false);
        return await RunAsync(parse, terminal, what with { Total = total }, async progress =>
        {
            sized.Forward(progress);
            return await running.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    // Null when nothing must be drawn: quiet, not a terminal, or too little work.
    private static IAnsiConsole? ConsoleFor(ParseResult parse, ProgressTerminal terminal, ProgressWork what)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(terminal);
        ArgumentNullException.ThrowIfNull(what);
        if (!terminal.IsTerminal || (what.Size ?? what.Total) < what.Threshold || what.Total <= 0 || parse.GetValue(Quiet))
        {
            return null;
        }

        return terminal.CreateConsole();
    }

    private static Progress Display(IAnsiConsole console, ProgressWork what)
    {
        ProgressColumn[] columns = what.Unit == ProgressUnit.Bytes
            ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn()]
            : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()];
        return console.Progress().AutoClear(true).Columns(columns);
    }

    // Keeps the latest count until a display is there to take it (reports come from the work's own thread).
    private sealed class SizedReporter : IProgress<(long Done, long Total)>
    {
        private readonly TaskCompletionSource<long> _total = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private IProgress<long>? _target;
        private long _done;

        public Task<long> Total => _total.Task;

        public void Report((long Done, long Total) value)
        {
            _total.TrySetResult(value.Total);
            lock (_gate)
            {
                _done = value.Done;
                _target?.Report(value.Done);
            }
        }

        public void Forward(IProgress<long>? target)
        {
            lock (_gate)
            {
                _target = target;
                _target?.Report(_done);
            }
        }
    }

    // Synchronous: Progress<T> would post reports to the thread pool after the work is done. ProgressTask locks its
    // own state, so reports may come from several threads (a package's bundles are verified in parallel).
    private sealed class Reporter(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
