using System.Diagnostics;

namespace Signet.Testing.Processes;

/// <summary>Runs the built <c>signet</c> tool as a separate process, as users and scripts do.</summary>
public static class SignetProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>The <c>signet.dll</c> built next to this test assembly (the Cli project is referenced).</summary>
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "signet.dll");

    public static Result Run(params string[] args) => Run(args, workingDirectory: null, environment: null, stdin: null);

    public static Result Run(
        IEnumerable<string> args,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        string? stdin,
        TimeSpan? timeout = null,
        string? program = null)
    {
        // program: run that (e.g. bwrap wrapping "dotnet signet.dll …") with args as given, instead of the tool.
        var psi = new ProcessStartInfo(program ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (program is null)
        {
            psi.ArgumentList.Add(ToolPath);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // A test never writes into $HOME (nor, with HOME unset or relative, into the checkout): the TUF trust store is a
        // folder of this run unless the test gives its own.
        var trustStore = Directory.CreateTempSubdirectory("signet-process-tuf-").FullName;
        psi.Environment["SIGNET_TUF_CACHE"] = trustStore;
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        try
        {
            return Run(psi, args, stdin, timeout);
        }
        finally
        {
            Directory.Delete(trustStore, recursive: true);
        }
    }

    private static Result Run(ProcessStartInfo psi, IEnumerable<string> args, string? stdin, TimeSpan? timeout)
    {
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                p.StandardInput.Write(stdin);
            }

            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited (or refused its input) without reading all of it: its exit code and output tell.
        }
        if (!p.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(2)).TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"signet {string.Join(' ', args)} did not finish in time");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
