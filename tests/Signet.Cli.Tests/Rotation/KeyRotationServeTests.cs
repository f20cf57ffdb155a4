using System.Text.Json.Nodes;
using Signet.Core.Bundles;

namespace Signet.Cli.Tests.Rotation;

/// <summary>
/// <c>signet serve --rotate log|tsa|ca|ct</c> with real processes: bundles signed before each rotation (Rekor v1 and v2)
/// and after it all verify against the trusted root written after the last one — read from the data directory and
/// through the server's TUF repository — while a bundle that claims a retired key at a time after its window closed
/// is refused. A restart without <c>--rotate</c> keeps the new keys.
/// </summary>
[Collection("interop")]
public sealed class KeyRotationServeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-rotate-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Log_tsa_and_ca_rotations_keep_old_bundles_verifying_and_refuse_retired_keys_after_their_window()
    {
        await using var server = new RotatingServer(_work);
        await server.StartAsync();
        await File.WriteAllBytesAsync(Path.Combine(_work, "root.json"), await new HttpClient().GetByteArrayAsync(new Uri(server.Url + "/tuf/1.root.json")));
        var cache = Path.Combine(_work, "cache");
        server.Ok("trust", "init", "--mirror", server.Url + "/tuf", "--root", Path.Combine(_work, "root.json"), "--tuf-cache", cache);
        var before = server.TrustedRoot;
        var v1Before = server.Sign("before-v1", 1);
        var v2Before = server.Sign("before-v2", 2);
        await server.StopAsync();

        await server.StartAsync("--rotate", "log");
        var afterLog = server.TrustedRoot;
        var v1AfterLog = server.Sign("after-log-v1", 1);
        var v2AfterLog = server.Sign("after-log-v2", 2);

        // The entries logged before the rotation, looked up online as cosign's detached signature and certificate are
        // (no bundle): the v1 API serves each with the log ID and a SET of the key it was logged under, not the new key's
        // (whose window opens after the entry's integrated time). Both log keys' v1 entries verify.
        foreach (var artifact in new[] { v1Before, v1AfterLog })
        {
            var online = server.VerifyOnline(artifact);
            Assert.True(online.ExitCode == 0, $"{Path.GetFileName(artifact)} looked up online: {online.StdErr}");
        }

        var (loggedUnder, served) = await server.V1LogIdsAsync(v1Before);
        Assert.Equal(loggedUnder, served);
        Assert.Contains(before.Tlogs, t => Convert.ToHexStringLower(t.LogId) == loggedUnder);
        await server.StopAsync();

        await server.StartAsync("--rotate", "tsa");
        var v1AfterTsa = server.Sign("after-tsa-v1", 1);
        await server.StopAsync();

        await server.StartAsync("--rotate", "ca");
        var v1AfterCa = server.Sign("after-ca-v1", 1);
        var v2AfterCa = server.Sign("after-ca-v2", 2);
        var root = server.TrustedRoot;

        // The log: both of its keys (v1 ECDSA, v2 Ed25519) closed at the rotation, two new ones open from then on.
        Assert.Equal(4, root.Tlogs.Count);
        var logEnd = Assert.Single(root.Tlogs.Select(t => t.PublicKey.ValidFor!.End).Where(e => e is not null).Distinct())!.Value;
        Assert.Equal(before.Tlogs.Select(t => Convert.ToBase64String(t.LogId)), root.Tlogs.Where(t => t.PublicKey.ValidFor!.End is not null).Select(t => Convert.ToBase64String(t.LogId)));
        Assert.All(root.Tlogs.Where(t => t.PublicKey.ValidFor!.End is null), t => Assert.Equal(logEnd, t.PublicKey.ValidFor!.Start));
        Assert.DoesNotContain(root.Tlogs.Where(t => t.PublicKey.ValidFor!.End is null), t => before.Tlogs.Any(b => b.LogId.AsSpan().SequenceEqual(t.LogId)));
        var tsaEnd = Closed(root.TimestampAuthorities.Select(c => c.ValidFor));
        var caEnd = Closed(root.CertificateAuthorities.Select(c => c.ValidFor));
        Assert.True(logEnd < tsaEnd && tsaEnd < caEnd, $"{logEnd:O} {tsaEnd:O} {caEnd:O}");
        // The CT key signs on through the CA's rotation, its window unmoved: SCTs of certificates issued before the new root
        // stay inside it (before, its start followed the root's and passed them by once the rotation was minutes later).
        Assert.Equal(before.Ctlogs.Single().LogId, root.Ctlogs.Single().LogId);
        Assert.Equal(before.Ctlogs.Single().PublicKey.ValidFor, root.Ctlogs.Single().PublicKey.ValidFor);

        // Every bundle verifies with the trusted root written after the rotations, from the file and through TUF.
        server.Ok("trust", "update", "--tuf-cache", cache);
        Assert.Equal(await File.ReadAllBytesAsync(server.TrustedRootPath), await File.ReadAllBytesAsync(Path.Combine(cache, "targets", "trusted_root.json")));
        foreach (var artifact in new[] { v1Before, v2Before, v1AfterLog, v2AfterLog, v1AfterTsa, v1AfterCa, v2AfterCa })
        {
            var byFile = server.Verify(artifact, server.TrustedRootPath);
            Assert.True(byFile.ExitCode == 0, $"{Path.GetFileName(artifact)}: {byFile.StdErr}");
            var byTuf = server.Verify(artifact, null, tufCache: cache);
            Assert.True(byTuf.ExitCode == 0, $"{Path.GetFileName(artifact)} through TUF: {byTuf.StdErr}");
        }

        // The retired v1 log key signing an entry time after its window: refused for the log's window.
        var keys = Path.Combine(server.Data, "keys");
        var oldLogKey = File.ReadAllText(Directory.GetFiles(keys, "log-ecdsa-p256.pem.retired-*").Single());
        var lateLog = RetiredKeyForgery.WithIntegratedTime(v1Before + ".sigstore.json", logEnd.AddSeconds(2), oldLogKey, Path.Combine(_work, "late-log.json"));
        AssertRefused(server.Verify(v1Before, server.TrustedRootPath, lateLog), "was not valid at");

        // The retired TSA key stamping after its window: no trusted TSA valid then.
        var oldChain = File.ReadAllText(Directory.GetFiles(Path.Combine(server.Data, "tsa"), "certchain.pem.retired-*").Single());
        var oldTsaKey = File.ReadAllText(Directory.GetFiles(keys, "tsa.key.pem.retired-*").Single());
        var lateTsa = RetiredKeyForgery.WithTimestamp(v2AfterLog + ".sigstore.json", tsaEnd.AddSeconds(2), oldChain, oldTsaKey, Path.Combine(_work, "late-tsa.json"));
        AssertRefused(server.Verify(v2AfterLog, server.TrustedRootPath, lateTsa), "not signed by a trusted timestamp authority valid at");

        // A Rekor v2 entry has no integrated time: its log key must have been valid when a trusted TSA stamped it. The
        // retired checkpoint key's entry stamped after the log's window (by the TSA then trusted, under a CA still
        // trusted then): refused for the log's window alone.
        var lateV2 = RetiredKeyForgery.WithTimestamp(v2Before + ".sigstore.json", logEnd.AddSeconds(2), oldChain, oldTsaKey, Path.Combine(_work, "late-v2.json"));
        AssertRefused(server.Verify(v2Before, server.TrustedRootPath, lateV2), "was not valid at");

        // A certificate of the retired CA used after its window (the entry re-dated by the current log key): refused.
        var logKey = File.ReadAllText(Path.Combine(keys, "log-ecdsa-p256.pem"));
        var lateCa = RetiredKeyForgery.WithIntegratedTime(v1AfterTsa + ".sigstore.json", caEnd.AddSeconds(2), logKey, Path.Combine(_work, "late-ca.json"));
        AssertRefused(server.Verify(v1AfterTsa, server.TrustedRootPath, lateCa), "no certificate authority of the trusted root that issued the signing certificate was valid at");

        // A restart without --rotate keeps the new keys current and the old ones closed, with the same windows even when
        // the data directory comes back with later file times (restored from a backup an hour on, copied): a log key's
        // window is the one the trusted root written last gave it, not its file's time again (which would leave every
        // bundle the log made before outside it).
        await server.StopAsync();
        foreach (var file in Directory.GetFiles(keys))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(1));
        }

        await server.StartAsync();
        var again = server.TrustedRoot;
        Assert.Equal(root.ToJson(), again.ToJson());
        Assert.True(server.Verify(server.Sign("restarted-v2", 2), server.TrustedRootPath).ExitCode == 0);
        Assert.Equal(2 * before.Tlogs.Count, afterLog.Tlogs.Count);

        // --rotate ct: the CT key's entry closed, a new one open from then on at the same URL. Certificates issued before
        // (SCTs of the old key) and after verify; the CT log's tree head verifies with the current key the monitor takes
        // from the trusted root.
        // A CT monitor that has pinned the CT key before the rotation goes on after it with the key the trusted root
        // now gives (its state's tree proven consistent with the new tree head), and says it changed keys.
        var ctMonitor = new[] { "log", "monitor", "--url", server.Url, "--type", "ct", "--state", Path.Combine(_work, "ct-monitor.json"), "--once" };
        var pinned = server.Run([.. ctMonitor, "--trusted-root", server.TrustedRootPath]);
        Assert.True(pinned.ExitCode == 0, $"exit {pinned.ExitCode}: {pinned.StdErr}{pinned.StdOut}");
        await server.StopAsync();
        await server.StartAsync("--rotate", "ct");
        var v1AfterCt = server.Sign("after-ct-v1", 1);
        var afterCt = server.TrustedRoot;
        var ctEnd = Closed(afterCt.Ctlogs.Select(l => l.PublicKey.ValidFor));
        Assert.True(caEnd < ctEnd, $"{caEnd:O} {ctEnd:O}");
        Assert.Equal(root.Ctlogs.Single().LogId, afterCt.Ctlogs.Single(l => l.PublicKey.ValidFor!.End is not null).LogId);
        Assert.Single(afterCt.Ctlogs.Select(l => l.BaseUrl).Distinct());
        Assert.Equal(root.Tlogs.Count, afterCt.Tlogs.Count);
        foreach (var artifact in new[] { v1Before, v1AfterCa, v1AfterCt })
        {
            var verified = server.Verify(artifact, server.TrustedRootPath);
            Assert.True(verified.ExitCode == 0, $"{Path.GetFileName(artifact)}: {verified.StdErr}");
        }

        // A real peer takes the rotated trust through Signet's TUF repository: sigstore-js verifies a certificate with an
        // SCT of the retired CT key and one with an SCT of the new key.
        foreach (var artifact in new[] { v1Before, v1AfterCt })
        {
            var js = Interop.NpmPeers.Sigstore(
                ["verify", artifact + ".sigstore.json", "--blob-file", artifact, "--certificate-identity-email", RotatingServer.Email,
                 "--certificate-issuer", server.Url + "/oidc", "--tuf-mirror-url", server.Url + "/tuf", "--tuf-root-path", Path.Combine(_work, "root.json"),
                 "--tuf-cache-path", Path.Combine(_work, "js-tuf-cache-" + Path.GetFileNameWithoutExtension(artifact))],
                _work);
            Assert.True(js.ExitCode == 0, $"sigstore-js, {Path.GetFileName(artifact)}: {js.StdOut}{js.StdErr}");
        }

        var monitor = server.Run([.. ctMonitor, "--trusted-root", server.TrustedRootPath]);
        Assert.True(monitor.ExitCode == 0, $"exit {monitor.ExitCode}: {monitor.StdErr}{monitor.StdOut}");
        Assert.Contains("the log key given is not the one pinned in", monitor.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The log and its CT log on one host, each watched with the default state file: each keeps its own (before, both
    /// were <c>HOST-monitor.json</c>, and whichever ran second failed on the other's pinned key and tree).
    /// </summary>
    [Fact]
    public async Task A_log_monitor_and_a_ct_monitor_of_one_host_keep_their_own_default_state()
    {
        await using var host = await MonitoredHost.StartAsync(_work, "home");
        foreach (var args in new[] { host.Log, host.Ct, host.Log, host.Ct })
        {
            var r = SignetProcess.Run(args, _work, host.Environment, null);
            Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.StdErr}{r.StdOut}");
        }

        Assert.Equal(2, Directory.GetFiles(host.States, "*-monitor.json").Length);
    }

    [Fact]
    public async Task A_ct_monitors_state_an_earlier_version_kept_in_the_shared_default_file_is_moved_to_its_own()
    {
        // Until session 31 a host's CT monitor and Rekor monitor shared HOST-monitor.json. A CT monitor upgraded since
        // started over (trusting the first tree it saw again) and left its tree where the Rekor monitor reads.
        await using var host = await MonitoredHost.StartAsync(_work, "home-upgraded");
        var (env, states, ct) = (host.Environment, host.States, host.Ct);
        var url = new Uri(host.Server.Url);
        var shared = Path.Combine(states, url.Host + "_" + url.Port + "-monitor.json");
        var earlier = SignetProcess.Run([.. ct, "--state", shared], _work, env, null);
        Assert.True(earlier.ExitCode == 0, $"exit {earlier.ExitCode}: {earlier.StdErr}");
        var remembered = File.ReadAllText(shared);

        var upgraded = SignetProcess.Run(ct, _work, env, null);

        Assert.True(upgraded.ExitCode == 0, $"exit {upgraded.ExitCode}: {upgraded.StdErr}");
        var own = Path.Combine(states, Path.GetFileNameWithoutExtension(shared)[..^"-monitor".Length] + "-ct-monitor.json");
        Assert.Contains($"signet log monitor: moved the CT log's state to {own} (an earlier version kept it in {shared})", upgraded.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(shared));
        Assert.Contains(JsonNode.Parse(remembered)!["rootHash"]!.GetValue<string>(), File.ReadAllText(own), StringComparison.Ordinal);

        // The Rekor log's monitor then starts its own state, and a Rekor state there is never moved by the CT monitor.
        var log = SignetProcess.Run(host.Log, _work, env, null);
        Assert.True(log.ExitCode == 0, $"exit {log.ExitCode}: {log.StdErr}");
        File.Delete(own);
        var fresh = SignetProcess.Run(ct, _work, env, null);
        Assert.True(fresh.ExitCode == 0, $"exit {fresh.ExitCode}: {fresh.StdErr}");
        Assert.DoesNotContain("moved", fresh.StdErr, StringComparison.Ordinal);
        Assert.True(File.Exists(shared) && File.Exists(own));
    }

    [Fact]
    public void Rotation_needs_a_trusted_root_written_before_and_a_service_that_runs()
    {
        var dir = Path.Combine(_work, "fresh");
        var first = SignetProcess.Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "log", "--rotate", "log");
        Assert.True(first.ExitCode == 5, $"exit {first.ExitCode}: {first.StdErr}");
        Assert.Contains("start the server once before rotating", Assert.Single(first.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var notRun = SignetProcess.Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--services", "log", "--rotate", "log,tsa");
        Assert.True(notRun.ExitCode == 2, $"exit {notRun.ExitCode}: {notRun.StdErr}");
        Assert.Contains("--rotate tsa: the tsa service is not among --services", notRun.StdErr, StringComparison.Ordinal);

        var unknown = SignetProcess.Run("serve", "--data-dir", dir, "--listen", "127.0.0.1:0", "--rotate", "tuf");
        Assert.True(unknown.ExitCode == 2, $"exit {unknown.ExitCode}: {unknown.StdErr}");
        Assert.Contains("only log, tsa, ca, ct keys are rotated", unknown.StdErr, StringComparison.Ordinal);
    }

    private static DateTimeOffset Closed(IEnumerable<TimeRange?> windows)
    {
        var list = windows.ToList();
        Assert.Equal(2, list.Count);
        Assert.Single(list, w => w!.End is null);
        var end = list.Single(w => w!.End is not null)!.End!.Value;
        Assert.Equal(end, list.Single(w => w!.End is null)!.Start);
        return end;
    }

    private static void AssertRefused(SignetProcess.Result r, string why)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.StdErr}{r.StdOut}");
        Assert.Contains(why, r.StdErr, StringComparison.Ordinal);
    }
}

/// <summary>A started server with two signed entries, a HOME of its own (so the monitors' default state files are the
/// test's), and the command lines of its log's monitor and its CT log's monitor.</summary>
internal sealed class MonitoredHost : IAsyncDisposable
{
    private MonitoredHost(RotatingServer server, string home)
    {
        Server = server;
        Environment = new Dictionary<string, string> { ["HOME"] = home };
        States = Path.Combine(home, ".signet", "log-state");
        Log = ["log", "monitor", "--url", server.Url, "--once"];
        Ct = ["log", "monitor", "--url", server.Url, "--once", "--type", "ct", "--trusted-root", server.TrustedRootPath];
    }

    public RotatingServer Server { get; }

    public Dictionary<string, string> Environment { get; }

    /// <summary>Where the default state files are.</summary>
    public string States { get; }

    public string[] Log { get; }

    public string[] Ct { get; }

    public static async Task<MonitoredHost> StartAsync(string work, string home)
    {
        var server = new RotatingServer(work);
        try
        {
            await server.StartAsync();
            server.Sign("monitored", 2);
            return new MonitoredHost(server, Directory.CreateDirectory(Path.Combine(work, home)).FullName);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
