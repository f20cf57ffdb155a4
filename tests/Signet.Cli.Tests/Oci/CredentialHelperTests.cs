namespace Signet.Cli.Tests.Oci;

/// <summary>
/// A docker credential helper (<c>credHelpers</c> in <c>config.json</c>, docker-credential-helpers protocol) that answers
/// badly: each answer is invalid input in one line that names the helper and never repeats its text (it may hold the
/// secret). A helper that answers without reading the server URL is still heard. Each case runs <c>signet image tree</c>
/// with its own <c>PATH</c> and <c>DOCKER_CONFIG</c> against Debian's registry behind Basic authentication: the helper
/// is asked at the registry's challenge (as go-containerregistry's keychain asks it), not before.
/// </summary>
public sealed class CredentialHelperTests : IDisposable
{
    private const string Secret = "s3cret-never-printed";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-credhelper-").FullName;
    private readonly RegistryServer _registry = new(basicAuth: true);

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private SignetProcess.Result Run(string script)
    {
        var bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-test");
        File.WriteAllText(helper, "#!/bin/sh\n" + script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.WriteAllText(Path.Combine(_dir, "config.json"), "{\"credHelpers\":{\"" + _registry.Registry + "\":\"test\"}}");
        var env = new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["DOCKER_CONFIG"] = _dir,
        };
        return SignetProcess.Run(["image", "tree", _registry.Registry + "/app"], workingDirectory: null, environment: env, stdin: null);
    }

    [Theory]
    [InlineData("read url; echo 'not json " + Secret + "'", "docker-credential-test: not valid JSON")] // the parser's message quoted the secret
    [InlineData("read url; echo '{\"Username\":\"u\",\"Secret\":\"" + Secret + "\",\"Secret\":\"x\"}'", "docker-credential-test: not valid JSON")]
    [InlineData("read url; echo '[1]'", "expected a JSON object")] // was InvalidOperationException: exit 70
    [InlineData("read url; echo '{\"Username\":5,\"Secret\":\"" + Secret + "\"}'", "Username: expected a string")] // was exit 70
    [InlineData("read url; echo '{\"Username\":\"\\ud800\",\"Secret\":\"" + Secret + "\"}'", "Username: not valid Unicode")] // was exit 70
    public void A_bad_answer_is_invalid_input_naming_the_helper_and_not_its_text(string script, string expected)
    {
        var r = Run(script);

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet image tree: invalid input: docker credential helper docker-credential-test", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, r.StdErr + r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_helper_that_answers_without_reading_the_server_url_is_heard()
    {
        // Before: writing the URL to a helper that had exited was a broken pipe, reported as "invalid input: Broken pipe".
        // Its credentials are the registry's: the registry answers past authentication (the image is not there).
        var r = Run($"echo '{{\"Username\":\"{RegistryServer.User}\",\"Secret\":\"{RegistryServer.Password}\"}}'");

        Assert.DoesNotContain("docker credential helper", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("401", r.StdErr, StringComparison.Ordinal);
        Assert.StartsWith($"signet image tree: not found: registry {_registry.Registry}", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistryServer.Password, r.StdErr + r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_helper_that_writes_without_end_is_stopped_at_the_limit()
    {
        // Before: its output was read whole until the 30-s timeout killed it (4 GB of memory on the machine measured).
        var r = Run("read url; yes");

        Assert.True(r.ExitCode == 4, $"exit {r.ExitCode}: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("signet image tree: service error: docker credential helper docker-credential-test answered with more than 1048576 bytes", line);
    }

    [Fact]
    public void A_helper_whose_child_keeps_its_output_open_is_not_waited_for_beyond_the_timeout()
    {
        // Before: the answer was read to its end, which never came while the background child lived (a hang).
        var r = Run("read url; (sleep 45 &); echo '{\"Username\":\"u\",\"Secret\":\"" + Secret + "\"}'");

        Assert.True(r.ExitCode == 4, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Contains("docker credential helper docker-credential-test did not answer within 30 s", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, r.StdErr + r.StdOut, StringComparison.Ordinal);
    }
}
