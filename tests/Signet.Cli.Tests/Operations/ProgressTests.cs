using System.Diagnostics;

namespace Signet.Cli.Tests.Operations;

/// <summary>
/// Progress on stderr for a large artifact: drawn under a real terminal (util-linux <c>script</c> gives the command
/// a PTY), silent when stderr is redirected or with <c>--quiet</c>. The verification itself fails (the bundle is
/// for another artifact); what is checked is what reading the artifact printed.
/// </summary>
public sealed class ProgressTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-progress-").FullName;
    private readonly string _artifact;

    public ProgressTests()
    {
        _artifact = Path.Combine(_dir, "large.bin");
        using var f = File.Create(_artifact);
        f.SetLength(40L * 1024 * 1024);
    }

    private string[] VerifyArgs(params string[] extra) =>
    [
        "verify", "--bundle", Path.Combine(AppContext.BaseDirectory, "TestData", "hostile", "bundle.sigstore.json"),
        "--trusted-root", Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json"),
        "--certificate-identity", "someone@example.com", "--certificate-oidc-issuer", "https://accounts.example.com",
        .. extra, _artifact,
    ];

    [Fact]
    public void Redirected_stderr_gets_no_progress()
    {
        var r = SignetProcess.Run(VerifyArgs());
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("large.bin", r.StdErr.Replace(_artifact, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_shows_progress_and_quiet_silences_it()
    {
        var shown = UnderTerminal(VerifyArgs());
        Assert.Contains("reading large.bin", shown, StringComparison.Ordinal);

        var quiet = UnderTerminal(VerifyArgs("--quiet"));
        Assert.DoesNotContain("reading large.bin", quiet, StringComparison.Ordinal);
        Assert.Contains("signet verify:", quiet, StringComparison.Ordinal); // the verification's own line is still there
    }

    // script -qec "COMMAND" /dev/null: the command runs on a new PTY; what it writes comes out of script's stdout.
    private static string UnderTerminal(string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", SignetProcess.ToolPath }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var psi = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "-qec", command, "/dev/null" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["TERM"] = "xterm-256color";
        psi.Environment["COLUMNS"] = "120";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("signet under script did not finish");
        }

        return output.Result;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
