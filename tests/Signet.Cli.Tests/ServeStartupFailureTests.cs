using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Signet.Cli.Tests;

/// <summary>
/// <c>signet serve</c> startup failures the operator must fix (issue 14) end with exit 5 and one line on stderr,
/// <c>signet serve: configuration: cannot start: …</c>: no stack trace, no host log before it, nothing on stdout.
/// </summary>
public sealed class ServeStartupFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-startup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertOneLineStartupFailure(SignetProcess.Result r, string expected)
    {
        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        Assert.Equal(string.Empty, r.StdOut);
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet serve: configuration: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use_is_one_line_and_exit_5()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var r = SignetProcess.Run("serve", "--data-dir", _dir, "--listen", $"127.0.0.1:{port}", "--services", "tsa");

        AssertOneLineStartupFailure(r, $"127.0.0.1:{port}");
    }

    [Theory]
    [InlineData("192.0.2.1:0")] // TEST-NET-1 (RFC 5737): never on this machine; port 0 binds before the host starts
    [InlineData("192.0.2.1:3999")] // a fixed port: Kestrel binds it when the host starts
    public void An_address_not_on_this_machine_is_one_line_and_exit_5(string listen)
    {
        var r = SignetProcess.Run("serve", "--data-dir", _dir, "--listen", listen, "--services", "tsa");

        AssertOneLineStartupFailure(r, "192.0.2.1");
    }

    [Theory]
    [InlineData("ct.key.pem", "ca")] // the CT log's key (Log.Ct CtLogKey)
    [InlineData("dev-oidc.key.pem", "ca")] // the development issuer's key (--dev-oidc)
    [InlineData("log-ecdsa-p256.pem", "log")] // the log's key (Log KeyFile)
    [InlineData("tuf-root.pem", "tuf")] // the development TUF repository's root/targets key
    [InlineData("tuf-online.pem", "tuf")] // its online (snapshot/timestamp) key
    public void A_corrupt_key_in_the_data_directory_is_one_line_naming_it_and_exit_3(string file, string services)
    {
        var key = Path.Combine(_dir, "keys", file);
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        File.WriteAllText(key, "not a key\n");

        var r = SignetProcess.Run("serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--services", services, "--dev-oidc");

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"signet serve: invalid input: {key}: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.example\n", "--log-origin", "b.example", "is named 'a.example', not 'b.example'; a log cannot be renamed")] // was exit 70
    [InlineData("two words\n", null, null, "does not hold a log name")]
    [InlineData("\n", null, null, "does not hold a log name")] // what --log-origin '' left behind before it was refused
    public void A_log_origin_that_differs_from_the_stored_one_or_a_broken_one_is_one_line_and_exit_5(string stored, string? option, string? value, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "log"));
        File.WriteAllText(Path.Combine(_dir, "log", "origin"), stored);
        string[] args = ["serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--services", "log"];

        var r = SignetProcess.Run(option is null ? args : [.. args, option, value!]);

        AssertOneLineStartupFailure(r, expected);
        Assert.Equal(stored, File.ReadAllText(Path.Combine(_dir, "log", "origin")));
    }

    /// <summary>Runs <c>signet serve</c> until it listens and <paramref name="ready"/> holds, then stops it.</summary>
    private async Task ServeOnceAsync(string services, Func<bool> ready)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--services", services })
        {
            psi.ArgumentList.Add(a);
        }

        using var first = Process.Start(psi)!;
        _ = first.StandardError.ReadToEndAsync();
        string? line;
        do
        {
            line = await first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        while (line is not null && !line.StartsWith("signet: listening on ", StringComparison.Ordinal));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (line is not null && !ready() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        Assert.NotNull(line);
        Assert.True(ready(), "the first run did not get ready");
    }

    [Fact]
    public async Task A_corrupt_online_key_of_an_existing_TUF_repository_is_one_line_naming_it_and_exit_3()
    {
        // First run: the development repository is made (it names DATA/keys/tuf-online.pem as its online key).
        await ServeOnceAsync("tuf", () => File.Exists(Path.Combine(_dir, "tuf", "repository.json")));
        var key = Path.Combine(_dir, "keys", "tuf-online.pem");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var r = SignetProcess.Run("serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--services", "tuf");

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"signet serve: invalid input: {key}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_data_directory_with_state_is_one_line_and_exit_5()
    {
        // First run: create the log's state, then stop.
        await ServeOnceAsync("log", () => true);

        // Second run on a read-only mount of the same directory (the tests run as root, so file modes would not stop it).
        var r = SignetProcess.Run(
            ["--bind", "/", "/", "--dev", "/dev", "--ro-bind", _dir, _dir, "dotnet", SignetProcess.ToolPath, "serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--services", "log"],
            workingDirectory: null, environment: null, stdin: null, program: "bwrap");

        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var failure = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet serve: configuration: cannot start: ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--listen", "0.0.0.0:0")]
    [InlineData("--public-url", "https://sigstore.example.com")]
    public void Dev_oidc_on_a_remote_address_is_refused_without_the_unsafe_flag(string option, string value)
    {
        string[] args = option == "--listen"
            ? ["serve", "--data-dir", _dir, "--dev-oidc", "--services", "ca", option, value]
            : ["serve", "--data-dir", _dir, "--dev-oidc", "--services", "ca", "--listen", "127.0.0.1:0", option, value];

        var r = SignetProcess.Run(args);

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--dev-oidc-allow-remote", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
