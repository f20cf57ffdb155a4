using System.CommandLine;
using Signet.Oci;
using Spectre.Console;

namespace Signet.Cli.Commands;

/// <summary>
/// Image blobs moving to or from a registry (<see cref="RegistryClientOptions.BlobProgress"/>), drawn on stderr by
/// Spectre.Console under <see cref="TerminalProgress"/>'s rules: only on a terminal, not with <c>--quiet</c>, and only
/// for a blob of <see cref="TerminalProgress.Threshold"/> bytes or more. The display starts with the first such blob,
/// shows one bar per blob, and is cleared as soon as every blob it shows has moved, so an interactive login or the
/// command's own lines are never drawn over. Reports come from the threads moving the blobs.
/// </summary>
internal sealed class TerminalTransfers : IProgress<BlobTransfer>
{
    private readonly IAnsiConsole _console;
    private readonly long _threshold;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProgressTask> _bars = [];
    private ProgressContext? _context;
    private TaskCompletionSource? _moved;
    private Task? _display;

    private TerminalTransfers(ProgressTerminal terminal, long threshold)
    {
        _console = terminal.CreateConsole();
        _threshold = threshold;
        // A transfer that failed leaves its bar unfinished: the display still ends (and gives the cursor back) at exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => End();
    }

    /// <summary>The progress sink for a registry client: null (nothing drawn, nothing to report to) when redirected or quiet.</summary>
    public static TerminalTransfers? For(ParseResult parse) => For(parse, ProgressTerminal.Of(parse));

    /// <summary><see cref="For(ParseResult)"/> on a given terminal, with the blob size from which bars are drawn.</summary>
    public static TerminalTransfers? For(ParseResult parse, ProgressTerminal terminal, long threshold = TerminalProgress.Threshold)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(terminal);
        return terminal.IsTerminal && !parse.GetValue(TerminalProgress.Quiet) ? new TerminalTransfers(terminal, threshold) : null;
    }

    /// <inheritdoc/>
    public void Report(BlobTransfer value)
    {
        if (value.TotalBytes < _threshold)
        {
            return;
        }

        Task? ended = null;
        lock (_gate)
        {
            var bar = Bar(value);
            bar.Value = value.Bytes;
            if (value.Bytes >= value.TotalBytes)
            {
                bar.StopTask();
                if (_bars.Values.All(b => b.IsFinished))
                {
                    ended = Stop();
                }
            }
        }

        ended?.GetAwaiter().GetResult(); // the bars are cleared before the command goes on to print
    }

    // The blob's bar, the display started first if none runs. A chunked upload names its digest only in its last
    // report: until then its bar is the one upload without a digest.
    private ProgressTask Bar(BlobTransfer value)
    {
        var key = (value.Upload ? "push " : "pull ") + value.Digest;
        if (_bars.TryGetValue(key, out var bar) || (value.Upload && _bars.TryGetValue("push ", out bar)))
        {
            return bar;
        }

        if (_context is null)
        {
            var started = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
            _moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var moved = _moved.Task;
            _display = _console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    started.SetResult(context);
                    await moved.ConfigureAwait(false);
                });
            _context = started.Task.GetAwaiter().GetResult();
        }

        var label = (value.Upload ? "pushing " : "pulling ") + (value.Digest.Length > 0 ? Short(value.Digest) : "blob");
        bar = _context.AddTask(label, maxValue: value.TotalBytes);
        _bars[key] = bar;
        return bar;
    }

    // Ends the display (under the lock); the returned task completes once it is cleared.
    private Task? Stop()
    {
        _moved?.TrySetResult();
        var display = _display;
        (_context, _moved, _display) = (null, null, null);
        _bars.Clear();
        return display;
    }

    private void End()
    {
        Task? display;
        lock (_gate)
        {
            display = Stop();
        }

        display?.Wait(TimeSpan.FromSeconds(2));
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest; // sha256: and 12 hex digits
}
