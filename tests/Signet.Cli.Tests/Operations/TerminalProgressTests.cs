using System.CommandLine;
using System.Text;
using Signet.Cli.Commands;
using Signet.Oci;
using Spectre.Console;

namespace Signet.Cli.Tests.Operations;

/// <summary>
/// The progress writers on a terminal given as a flag and a string writer (Spectre.Console draws into it as it would
/// into an ANSI stderr): drawn exactly when the output is a terminal, <c>--quiet</c> is not given and the work is big
/// enough; otherwise the work gets no progress sink and not one byte is written. A drawn bar is waited for while the
/// work runs (the display refreshes on its own thread).
/// </summary>
public sealed class TerminalProgressTests
{
    private const long Big = TerminalProgress.Threshold;

    private static ParseResult Parse(params string[] args) => new RootCommand { TerminalProgress.Quiet }.Parse(args);

    private static ProgressTerminal Terminal(bool isTerminal = true) => new(new Screen(), isTerminal, AnsiSupport.Yes);

    // What the display has drawn so far contains text, within a few seconds (a refresh is every 100 ms).
    private static void Drawn(ProgressTerminal terminal, string text)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!terminal.Writer.ToString()!.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < until, $"'{text}' was not drawn: {terminal.Writer}");
            Thread.Sleep(20);
        }
    }

    // A terminal's screen as a string writer that the display's thread and the test may use at once.
    private sealed class Screen : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    [Fact]
    public void A_terminal_gets_the_bar_and_the_work_its_progress()
    {
        var terminal = Terminal();
        var result = TerminalProgress.Run(Parse(), terminal, new ProgressWork("hashing big.bin", Big), progress =>
        {
            Assert.NotNull(progress);
            progress.Report(Big / 2);
            Drawn(terminal, "hashing big.bin");
            return 42;
        });

        Assert.Equal(42, result);
    }

    [Theory]
    [InlineData(false, false, Big)] // redirected
    [InlineData(true, true, Big)] // --quiet
    [InlineData(true, false, Big - 1)] // too little work
    public void Otherwise_nothing_is_written_and_the_work_gets_no_sink(bool isTerminal, bool quiet, long total)
    {
        var terminal = Terminal(isTerminal);
        var result = TerminalProgress.Run(quiet ? Parse("--quiet") : Parse(), terminal, new ProgressWork("hashing big.bin", total), progress =>
        {
            Assert.Null(progress);
            return 7;
        });

        Assert.Equal(7, result);
        Assert.Equal("", terminal.Writer.ToString());
    }

    [Fact]
    public async Task A_big_package_counts_its_entries_and_a_small_one_draws_nothing()
    {
        // nuget verify: the bar counts bundles verified, and is drawn when the package's bytes reach the threshold.
        var big = Terminal();
        await TerminalProgress.RunAsync(Parse(), big, new ProgressWork("verifying big.nupkg", 3, ProgressUnit.Entries, Size: Big), async progress =>
        {
            Assert.NotNull(progress);
            progress.Report(1);
            await Task.Run(() => Drawn(big, "verifying big.nupkg"));
            return 0;
        });

        var small = Terminal();
        await TerminalProgress.RunAsync(Parse(), small, new ProgressWork("verifying small.nupkg", 3, ProgressUnit.Entries, Size: Big - 1), progress =>
        {
            Assert.Null(progress);
            return Task.FromResult(0);
        });
        Assert.Equal("", small.Writer.ToString());
    }

    [Theory]
    [InlineData(10_000, true)]
    [InlineData(100, false)]
    public async Task A_catch_up_is_drawn_once_its_first_report_shows_it_long_enough(long entries, bool drawn)
    {
        var terminal = Terminal();
        var read = await TerminalProgress.RunWhenSizedAsync(Parse(), terminal, new ProgressWork("catching up with log", 0, ProgressUnit.Entries, 4096), async reports =>
        {
            await Task.Yield(); // the first report comes after the work has begun (the checkpoint verified)
            reports.Report((0, entries));
            await Task.Yield();
            reports.Report((entries / 2, entries));
            if (drawn)
            {
                await Task.Run(() => Drawn(terminal, "catching up with log"));
            }

            reports.Report((entries, entries));
            return entries;
        });

        Assert.Equal(entries, read);
        if (!drawn)
        {
            Assert.Equal("", terminal.Writer.ToString());
        }
    }

    [Fact]
    public async Task Work_that_never_reports_draws_nothing()
    {
        var terminal = Terminal();
        var r = await TerminalProgress.RunWhenSizedAsync(Parse(), terminal, new ProgressWork("catching up", 0, ProgressUnit.Entries, 1), _ => Task.FromResult(5));
        Assert.Equal(5, r);
        Assert.Equal("", terminal.Writer.ToString());
    }

    [Fact]
    public void Image_blobs_get_a_bar_each_when_big_and_none_when_small()
    {
        var terminal = Terminal();
        var transfers = TerminalTransfers.For(Parse(), terminal);
        Assert.NotNull(transfers);

        transfers.Report(new BlobTransfer("sha256:0123456789abcdef", Upload: false, 1024, 2048)); // a signature: small
        Assert.Equal("", terminal.Writer.ToString());

        const string layer = "sha256:fedcba9876543210fedcba98";
        transfers.Report(new BlobTransfer(layer, Upload: false, Big / 2, Big));
        Drawn(terminal, "pulling sha256:fedcba987654");
        transfers.Report(new BlobTransfer(layer, Upload: false, Big, Big)); // done: the display ends (is cleared) here

        // A chunked upload names its digest only at the end: one bar throughout.
        var upload = Terminal();
        var pushing = TerminalTransfers.For(Parse(), upload)!;
        pushing.Report(new BlobTransfer("", Upload: true, Big / 2, Big));
        Drawn(upload, "pushing blob");
        pushing.Report(new BlobTransfer(layer, Upload: true, Big, Big));
        Assert.DoesNotContain("pushing sha256", upload.Writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Image_blobs_report_nowhere_when_redirected_or_quiet()
    {
        Assert.Null(TerminalTransfers.For(Parse(), Terminal(isTerminal: false)));
        Assert.Null(TerminalTransfers.For(Parse("--quiet"), Terminal()));
    }
}
