using System.Diagnostics;
using Signet.Analysis.Dynamic;
using Signet.Analysis.Packages;
using Signet.Analysis.Tests.Samples;

namespace Signet.Analysis.Tests.Dynamic;

/// <summary>
/// The real bubblewrap sandbox on this machine (bubblewrap and strace are installed by .ci/run). The samples only ever aim
/// at loopback addresses and .invalid names; what they do is checked through the trace, their output and the findings.
/// </summary>
public sealed class SandboxTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("signet-sandbox-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<(DynamicTrace Trace, IReadOnlyList<Finding> Findings)> RunAsync(SamplePackage sample, SandboxOptions? options = null)
    {
        var path = sample.WriteTo(_dir.FullName);
        var package = sample.Read();
        var trace = await new BubblewrapSandbox(options).RunAsync(new SandboxRequest(package.Ecosystem, package.Name, path, ImportNames.Of(package)), CancellationToken.None);
        return (trace, TraceRules.Evaluate(trace, []));
    }

    private static void Has(IReadOnlyList<Finding> findings, string rule, string phase, string evidence)
        => Assert.True(findings.Any(f => f.Rule == rule && f.File == "dynamic:" + phase && f.Evidence.Contains(evidence, StringComparison.Ordinal)),
            $"expected {rule} in {phase} with '{evidence}'; got:\n" + string.Join("\n", findings.Select(f => $"  {f.Rule} {f.File}: {f.Evidence}")));

    [Fact]
    public async Task A_malicious_npm_package_is_caught_at_install_and_at_import()
    {
        var sample = SamplePackage.Npm("evil-sample", scripts: "{\"postinstall\": \"node install.js\"}")
            .File("install.js", """
                const fs = require('fs'), os = require('os'), net = require('net'), dns = require('dns');
                try { fs.readFileSync(os.homedir() + '/.ssh/id_rsa'); } catch (e) { console.log('read failed ' + e.code); }
                try { fs.appendFileSync(os.homedir() + '/.bashrc', '\n# persisted\n'); } catch (e) { console.log('write failed ' + e.code); }
                net.connect(8080, '127.0.0.2').on('error', e => console.log('connect ' + e.code));
                dns.lookup('exfil.example.invalid', e => console.log('dns ' + (e && e.code)));
                """)
            .File("index.js", "require('child_process').execSync('echo loaded > /dev/null'); module.exports = 1;");
        var (trace, findings) = await RunAsync(sample);
        Assert.Equal(["install", "import"], trace.Phases.Select(p => p.Phase));
        Assert.All(trace.Phases, p => Assert.Equal(("completed", 0), (p.Status, p.ExitCode)));
        Has(findings, Rules.CanaryRead, "install", "/home/sandbox/.ssh/id_rsa");
        Has(findings, Rules.PersistenceWrite, "install", "/home/sandbox/.bashrc");
        Has(findings, Rules.ConnectionAttempt, "install", "127.0.0.2 port 8080");
        Has(findings, Rules.DnsLookup, "install", "exfil.example.invalid");
        Has(findings, Rules.ShellSpawned, "import", "echo loaded");
        // The stub resolver answered NXDOMAIN (Node reports ENOTFOUND); nothing listens on 127.0.0.2:8080.
        Assert.Contains("dns ENOTFOUND", trace.Phases[0].Stdout);
        Assert.Contains("connect ECONNREFUSED", trace.Phases[0].Stdout);
        Assert.Contains(trace.Phases[0].Dns, q => q.Hostname == "exfil.example.invalid" && q.Class == "IN");
    }

    [Fact]
    public async Task The_sandbox_is_isolated_as_documented()
    {
        var secret = Path.Combine(Path.GetTempPath(), "signet-host-secret-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(secret, "host data");
        try
        {
            var sample = SamplePackage.Npm("probe-sample", scripts: "{\"install\": \"sh probe.sh\"}").File("probe.sh", $"""
                echo "caps $(grep CapEff /proc/self/status | cut -f2) bnd $(grep CapBnd /proc/self/status | cut -f2) nnp $(grep NoNewPrivs /proc/self/status | cut -f2)"
                echo "ifaces $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ',')"
                echo "uidmap $(cat /proc/self/uid_map | tr -s ' ' | tr '\n' ';')"
                cat {secret} 2>/dev/null && echo "HOST FILE VISIBLE"
                ls /root 2>/dev/null && echo "HOST HOME VISIBLE"
                touch /usr/signet-probe 2>/dev/null && echo "SYSTEM WRITABLE"
                echo "limits $(ulimit -t) $(ulimit -d) $(ulimit -f)"
                true
                """);
            var (trace, _) = await RunAsync(sample, SandboxOptions.Default with { CpuSeconds = 30 });
            var output = trace.Phases[0].Stdout;
            Assert.Contains("caps 0000000000000000 bnd 0000000000000000 nnp 1", output);
            Assert.Contains("ifaces lo,", output);
            Assert.DoesNotContain("VISIBLE", output);
            Assert.DoesNotContain("WRITABLE", output);
            Assert.Contains("limits 30 ", output);
            if (Environment.IsPrivilegedProcess)
            {
                // Root on the host: the sandbox's root is nobody outside.
                Assert.Matches(@"uidmap\s*0\s+65534\s+1;", output);
            }
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task A_package_that_never_ends_is_stopped_at_the_wall_clock()
    {
        var sample = SamplePackage.Npm("spin-sample", scripts: "{\"postinstall\": \"node spin.js\"}").File("spin.js", "for (;;) {}");
        var watch = Stopwatch.StartNew();
        var (trace, findings) = await RunAsync(sample, SandboxOptions.Default with { PhaseTimeout = TimeSpan.FromSeconds(8) });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(40), $"took {watch.Elapsed}");
        Assert.Equal("error_timeout", Assert.Single(trace.Phases).Status);
        Has(findings, Rules.RunLimit, "install", "wall clock");
    }

    [Fact]
    public async Task A_package_past_its_cpu_limit_is_killed()
    {
        var sample = SamplePackage.Npm("cpu-sample", scripts: "{\"postinstall\": \"node spin.js\"}").File("spin.js", "for (;;) {}");
        var (trace, findings) = await RunAsync(sample, SandboxOptions.Default with { CpuSeconds = 3, PhaseTimeout = TimeSpan.FromSeconds(60) });
        Assert.True(trace.Phases[0].Status == "completed", $"{trace.Phases[0].Status} {trace.Phases[0].ExitCode} {trace.Phases[0].KilledBy} {trace.Phases[0].Stderr}");
        Has(findings, Rules.RunLimit, "install", "SIGXCPU");
    }

    [Fact]
    public async Task A_malicious_wheel_is_caught_at_import()
    {
        var sample = SamplePackage.Wheel("evil_sample").File("evil_sample/__init__.py", """
            import os, socket
            try:
                open(os.path.expanduser('~/.pypirc')).read()
            except OSError as e:
                print('read failed', e)
            s = socket.socket()
            try:
                s.connect(('127.0.0.3', 9))
            except OSError as e:
                print('connect', e.errno)
            """);
        var (trace, findings) = await RunAsync(sample);
        Assert.Equal(["install", "import"], trace.Phases.Select(p => p.Phase));
        Assert.Equal(0, trace.Phases[0].ExitCode);
        Has(findings, Rules.CanaryRead, "import", "/home/sandbox/.pypirc");
        Has(findings, Rules.ConnectionAttempt, "import", "127.0.0.3 port 9");
    }

    [Fact]
    public async Task A_quiet_package_has_no_findings()
    {
        var (trace, findings) = await RunAsync(SamplePackage.Npm("quiet-sample").File("index.js", "module.exports = (s, n) => s.padStart(n);"));
        Assert.All(trace.Phases, p => Assert.Equal(0, p.ExitCode));
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("/nonexistent/bwrap")]
    [InlineData("/bin/false")]
    public async Task Without_a_sandbox_the_package_is_never_run(string bubblewrap)
    {
        var marker = Path.Combine(Path.GetTempPath(), "signet-unconfined-" + Guid.NewGuid().ToString("N"));
        var sample = SamplePackage.Npm("unconfined-sample", scripts: $"{{\"preinstall\": \"node -e \\\"require('fs').writeFileSync('{marker}', 'ran')\\\"\"}}")
            .File("index.js", $"require('fs').writeFileSync('{marker}', 'ran');");
        var e = await Assert.ThrowsAsync<SandboxUnavailableException>(() => RunAsync(sample, SandboxOptions.Default with { BubblewrapPath = bubblewrap }));
        Assert.Contains("not run", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task NuGet_packages_are_not_run()
        => await Assert.ThrowsAsync<Core.SignetFormatException>(() => RunAsync(SamplePackage.NuGet()));
}
