using System.Diagnostics;

namespace Signet.Cli.Tests.Packaging;

/// <summary>The <c>dotnet</c> CLI and installed tools as child processes, for the packaging tests.</summary>
internal static class DotnetCli
{
    /// <summary>The checkout the tests run from (the folder holding Signet.slnx).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Signet.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <c>dotnet ARGS</c>; a non-zero exit fails the test with the output.</summary>
    public static void Dotnet(string workingDirectory, params string[] args)
    {
        var r = Run(workingDirectory, "dotnet", args);
        Assert.True(r.Exit == 0, $"dotnet {string.Join(' ', args)}: exit {r.Exit}\n{r.Out}\n{r.Err}");
    }

    /// <summary>A nuget.config whose only source is <paramref name="packages"/> (no other feed is asked).</summary>
    public static string LocalFeedConfig(string directory, string packages)
    {
        var config = Path.Combine(directory, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        return config;
    }

    /// <summary>Runs <paramref name="program"/> with redirected output; its exit code, stdout and stderr.</summary>
    public static (int Exit, string Out, string Err) Run(string workingDirectory, string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in time");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
