namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// A file named where a key, a certificate, a trust root or a package is expected that reports no length and never ends
/// (<c>/dev/zero</c>, as a FIFO or a <c>/proc</c> file would), and a password on standard input without end: each is
/// refused at its limit in one line with the documented exit code. Before, the readers trusted the reported length (0)
/// and read until memory ran out: <c>serve --log-key /dev/zero</c> held 2 GB after 8 s, <c>analyze /dev/zero</c> and
/// <c>admission serve --tls-cert /dev/zero</c> ended with exit 70 (OutOfMemoryException).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EndlessFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-endless-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, int, string> Cases() => new()
    {
        { "serve --data-dir {dir}/a --listen 127.0.0.1:0 --log-key /dev/zero", 5, "signet serve: configuration: --log-key: '/dev/zero' is larger than the limit of 65536 bytes" },
        { "serve --data-dir {dir}/b --listen 127.0.0.1:0 --services ca,ct --ct-key /dev/zero", 5, "signet serve: configuration: --ct-key: '/dev/zero' is larger than the limit of 65536 bytes" },
        { "serve --data-dir {dir}/c --listen 127.0.0.1:0 --services tsa --tsa-key /dev/zero", 5, "signet serve: configuration: --tsa-key: '/dev/zero' is larger than the limit of 65536 bytes" },
        { "serve --data-dir {dir}/d --listen 127.0.0.1:0 --services ca,ct --ca-cert /dev/zero --ca-key /dev/zero", 5, "signet serve: configuration: --ca-cert: '/dev/zero' is larger than the limit of 65536 bytes" },
        { "serve --data-dir {dir}/e --listen 127.0.0.1:0 --tls-cert /dev/zero --tls-key /dev/zero", 5, "is larger than the limit of 1048576 bytes" },
        { "admission serve --trusted-root {root} --tls-cert /dev/zero --tls-key /dev/zero --policies /dev/zero", 5, "is larger than the limit of 1048576 bytes" },
        { "analyze /dev/zero", 3, "signet analyze: invalid input: '/dev/zero': larger than the limit of 268435456 bytes" },
        { "verify {data}/hostile/a.txt --bundle {data}/hostile/bundle.sigstore.json --trusted-root /dev/zero --certificate-identity x --certificate-oidc-issuer y", 3, "signet verify: invalid input: trusted root: file '/dev/zero' is larger than the limit of 16777216 bytes" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_endless_file_is_refused_at_its_limit_in_one_line(string commandLine, int exitCode, string expected)
    {
        var data = Path.Combine(AppContext.BaseDirectory, "TestData");
        var args = commandLine.Split(' ').Select(a => a
            .Replace("{dir}", _dir, StringComparison.Ordinal)
            .Replace("{root}", Path.Combine(data, "production_trusted_root.json"), StringComparison.Ordinal)
            .Replace("{data}", data, StringComparison.Ordinal)).ToArray();

        var r = SignetProcess.Run(args, workingDirectory: _dir, environment: null, stdin: null);

        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(5_000_000)]
    public void A_password_on_standard_input_without_end_is_refused(int length)
    {
        var r = SignetProcess.Run(["generate-key-pair", "--output-key-prefix", Path.Combine(_dir, "k")], workingDirectory: _dir,
            environment: null, stdin: new string('a', length));

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Equal("signet generate-key-pair: invalid input: the password on standard input is longer than 4096 characters", r.StdErr.Trim());
        Assert.False(File.Exists(Path.Combine(_dir, "k.key")));
    }
}
