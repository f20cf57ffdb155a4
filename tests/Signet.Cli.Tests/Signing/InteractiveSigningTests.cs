using System.Diagnostics;
using System.Text.RegularExpressions;
using Signet.Client.Identity;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Signing;

/// <summary>
/// <c>signet sign --oidc-issuer</c> as a process with nobody else's token: it prints where to log in, a person (an HTTP
/// client on the development issuer's pages) logs in, and the bundle it writes verifies with that identity.
/// </summary>
[Collection("interop")]
public sealed partial class InteractiveSigningTests : IDisposable
{
    private const string Email = "interactive@signet.dev";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-login-cli-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sign_logs_in_interactively_and_the_bundle_verifies_with_that_identity(bool deviceFlow)
    {
        await using var stack = await LocalSigstore.StartAsync();
        var artifact = Path.Combine(_work, "a.txt");
        File.WriteAllText(artifact, "signed after an interactive login\n");
        var bundle = artifact + ".sigstore.json";
        List<string> args = ["sign", artifact, "--bundle", bundle, "--signing-config", stack.SigningConfigPath, "--oidc-issuer", stack.Issuer];
        if (deviceFlow)
        {
            args.Add("--oidc-device-flow");
        }

        using var user = new BrowserUser(Email);
        var (exit, stderr) = await RunAsync(args, async line =>
        {
            if (UrlLine().Match(line) is { Success: true } m)
            {
                await user.OpenAuthorizationUrlAsync(new Uri(m.Groups[1].Value), CancellationToken.None);
                return true;
            }

            if (DeviceLine().Match(line) is { Success: true } d)
            {
                await user.ShowDeviceCodeAsync(
                    new DeviceAuthorization(d.Groups[3].Value, new Uri(d.Groups[2].Value), new Uri(d.Groups[1].Value), TimeSpan.FromMinutes(10)),
                    CancellationToken.None);
                return true;
            }

            return false;
        });

        Assert.True(exit == 0, stderr);
        var verify = SignetProcess.Run("verify", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact);
        Assert.True(verify.ExitCode == 0, verify.StdErr);
        Assert.NotEqual(0, SignetProcess.Run("verify", "--bundle", bundle, "--certificate-identity", "someone@else.dev", "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
    }

    [Fact]
    public async Task An_unreachable_issuer_is_one_line_and_no_bundle()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var artifact = Path.Combine(_work, "b.txt");
        File.WriteAllText(artifact, "x");
        var r = SignetProcess.Run(["sign", artifact, "--signing-config", stack.SigningConfigPath, "--oidc-issuer", "http://127.0.0.1:1/oidc"], null,
            new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = "" }, null);
        Assert.Equal(4, r.ExitCode);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains("unreachable", r.StdErr);
        Assert.False(File.Exists(artifact + ".sigstore.json"));
    }

    /// <summary>Runs signet, handing each standard-error line to <paramref name="onLine"/> until it acts once.</summary>
    private static async Task<(int Exit, string StdErr)> RunAsync(IEnumerable<string> args, Func<string, Task<bool>> onLine)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(SignetProcess.ToolPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SIGSTORE_ID_TOKEN"] = "";
        psi.Environment["ACTIONS_ID_TOKEN_REQUEST_URL"] = "";
        psi.Environment["DISPLAY"] = "";
        psi.Environment["WAYLAND_DISPLAY"] = "";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var acted = false;
            while (await p.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                if (!acted)
                {
                    acted = await onLine(line);
                }
            }

            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("signet sign did not finish: " + seen);
        }

        await stdout;
        return (p.ExitCode, seen.ToString());
    }

    [GeneratedRegex(@"log in at this URL.*: (http\S+)$")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"to log in, open (http\S+) \(or (http\S+) and enter the code ([A-Z]{4}-[A-Z]{4})\)")]
    private static partial Regex DeviceLine();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
