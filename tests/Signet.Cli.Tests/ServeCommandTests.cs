using System.Diagnostics;
using System.Net;

namespace Signet.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_answers_healthz_on_the_printed_url()
    {
        var dir = Directory.CreateTempSubdirectory("signet-serve-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "log" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        try
        {
            var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.StartsWith("signet: listening on http://127.0.0.1:", line);
            using var http = new HttpClient { BaseAddress = new Uri(line["signet: listening on ".Length..]) };
            var r = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Serve_rejects_an_unknown_service()
    {
        var r = SignetProcess.Run("serve", "--data-dir", Path.GetTempPath(), "--services", "log,bogus");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bogus", r.StdErr);
    }
}
