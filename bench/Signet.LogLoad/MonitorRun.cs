using System.Diagnostics;
using System.Security.Cryptography;
using Signet.Client.Monitoring;
using Signet.Core.Keys;
using Signet.Core.Merkle;

namespace Signet.LogLoad;

/// <summary>
/// A monitor's catch-up from tiles: a log of hashedrekord 0.0.2 entries (eight signers) is built, served by a separate
/// <c>signet serve</c> process, and <see cref="TransparencyLogMonitor"/> walks it from index 0 over loopback HTTP —
/// every entry bundle fetched, every leaf hashed into the compact range checked against the checkpoint, every entry
/// parsed and matched against a fingerprint (one signer in eight is watched). Baseline in the same run: hashing the
/// same leaves alone, one thread, in memory.
/// </summary>
internal static class MonitorRun
{
    private const string Origin = "monitor.test";

    public static async Task RunAsync(int entries, double verifyRate)
    {
        var dir = Directory.CreateTempSubdirectory("signet-monitor-bench-").FullName;
        var signers = Enumerable.Range(0, 8).Select(_ => SigningKey.GenerateEcdsaP256()).ToArray();
        var spkis = signers.Select(s => Convert.ToBase64String(s.PublicKey.SpkiDer)).ToArray();
        var signature = Convert.ToBase64String(signers[0].Sign("x"u8));
        byte[] Body(int n) => System.Text.Encoding.UTF8.GetBytes(
            "{\"apiVersion\":\"0.0.2\",\"kind\":\"hashedrekord\",\"spec\":{\"hashedRekordV002\":{\"data\":{\"algorithm\":\"SHA2_256\",\"digest\":\""
            + Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(n)))
            + "\"},\"signature\":{\"content\":\"" + signature
            + "\",\"verifier\":{\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\",\"publicKey\":{\"rawBytes\":\"" + spkis[n % 8] + "\"}}}}}}");
        var (log, store, key, seconds, _) = await BulkRun.BuildAsync(dir, Origin, entries, Body);
        Console.WriteLine($"monitor: a log of {entries} hashedrekord 0.0.2 entries built in {seconds:F1} s");
        var logKey = VerificationKey.FromPem(key.PublicKeyPem); // its checkpoints are signed with the Ed25519 key only
        await log.DisposeAsync();
        await store.DisposeAsync();
        key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Baseline: the leaf hashes alone (what any verification of the entries must compute).
        var bodies = Enumerable.Range(0, entries).Select(Body).ToArray();
        var leaf = new byte[32];
        var sw = Stopwatch.StartNew();
        foreach (var b in bodies)
        {
            Rfc6962.HashLeaf(b, leaf);
        }

        var hashRate = entries / sw.Elapsed.TotalSeconds;

        var port = LoadRun.FreePort();
        using var server = LoadRun.StartServer(dir, port, [], Origin);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        await LoadRun.WaitHealthyAsync(http);
        using var tilesHttp = new HttpClient { BaseAddress = new Uri(baseUrl, "api/v2/"), Timeout = TimeSpan.FromMinutes(5) };
        var tiles = new TileMonitoredLog(tilesHttp, new Uri(baseUrl, "api/v1/log/publicKey"));
        var watched = Convert.ToHexStringLower(SHA256.HashData(signers[3].PublicKey.SpkiDer));
        var config = MonitorConfig.Parse($"startIndex: 0\nmonitoredValues:\n  fingerprints: [{watched}]\n");
        var state = new LogMonitorStateFile(Path.Combine(dir, "monitor-state.json"));
        var monitor = new TransparencyLogMonitor(baseUrl, tiles, tiles, logKey, config, [], http, state, TimeProvider.System);
        sw.Restart();
        var result = await monitor.RunOnceAsync(default);
        var rate = result.EntriesRead / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"monitor catch-up from tiles over loopback: {result.EntriesRead} entries in {sw.Elapsed.TotalSeconds:F2} s = {rate:F0} entries/s (goal ≥ 20,000), {result.Findings.Count} matches (expected {entries / 8})");
        Console.WriteLine($"baseline: leaf hashing alone, 1 thread = {hashRate:F0} entries/s; ratio catch-up ÷ hashing = {rate / hashRate:F3}; catch-up ÷ ECDSA verifies/s = {rate / verifyRate:F2}");
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        foreach (var s in signers)
        {
            s.Dispose();
        }

        Directory.Delete(dir, recursive: true);
    }
}
