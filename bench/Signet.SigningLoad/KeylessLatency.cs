using System.Diagnostics;
using System.Text.Json;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Server;

namespace Signet.SigningLoad;

/// <summary>
/// Keyless signing end to end on the local stack (CA + CT, log, TSA, dev OIDC issuer in this process, reached over
/// loopback HTTP): key and proof, certificate, signature, timestamp and log entry (concurrent), self-verification.
/// Prints p50/p99 of the whole and each step's share of the mean.
/// </summary>
internal static class KeylessLatency
{
    public static async Task<int> RunAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("signet-keyless-").FullName;
        // Port 0: the server binds before naming its log, so the checkpoint origin is the host:port it is reached at.
        var options = new SignetServerOptions { DataDirectory = dir, Listen = "127.0.0.1:0", DevOidc = true };
        var app = SignetServer.Build(options);
        var url = (await SignetServer.StartAsync(app, CancellationToken.None)).ToString().TrimEnd('/');
        try
        {
            using var http = new HttpClient();
            var token = IdentityToken.Parse(await TokenAsync(http, url));
            var config = SigningConfig.Parse(File.ReadAllBytes(Path.Combine(dir, "signing_config.v0.2.json")));
            var root = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(dir, "trusted_root.json")));
            var signer = new BundleSigner(http, SigningServices.Select(config, DateTimeOffset.UtcNow), TimeProvider.System);
            var artifact = new byte[4096];

            var runs = new List<(SigningTimings Timings, TimeSpan Verify, TimeSpan Total)>();
            for (var i = 0; i < count + 5; i++)
            {
                artifact[0] = (byte)i;
                artifact[1] = (byte)(i >> 8);
                var payload = SigningPayload.ForArtifact(artifact);
                var total = Stopwatch.StartNew();
                var signed = await signer.SignKeylessAsync(payload, token, CancellationToken.None);
                var verify = Stopwatch.StartNew();
                SelfVerification.Verify(signed, payload, root, token, null);
                verify.Stop();
                if (i >= 5)
                {
                    runs.Add((signed.Timings, verify.Elapsed, total.Elapsed));
                }
            }

            var totals = runs.Select(r => r.Total.TotalMilliseconds).Order().ToArray();
            var mean = totals.Average();
            Console.WriteLine($"keyless signings: {runs.Count} (after 5 warm-up), cores: {Environment.ProcessorCount}");
            Console.WriteLine($"p50 {Percentile(totals, 0.50):F1} ms, p99 {Percentile(totals, 0.99):F1} ms, mean {mean:F1} ms");
            Share("key + proof of possession", runs.Average(r => r.Timings.Key.TotalMilliseconds), mean);
            Share("certificate (CA + CT)", runs.Average(r => r.Timings.Certificate.TotalMilliseconds), mean);
            Share("signature", runs.Average(r => r.Timings.Signature.TotalMilliseconds), mean);
            Share("timestamp (concurrent with log)", runs.Average(r => r.Timings.Timestamp.TotalMilliseconds), mean);
            Share("log entry (concurrent with TSA)", runs.Average(r => r.Timings.Log.TotalMilliseconds), mean);
            Share("self-verification", runs.Average(r => r.Verify.TotalMilliseconds), mean);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Share(string step, double ms, double mean) => Console.WriteLine($"  {step,-34} {ms,7:F1} ms  {ms / mean,6:P0}");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<string> TokenAsync(HttpClient http, string baseUrl)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "bench@signet.dev", ["audience"] = "sigstore" });
        using var r = await http.PostAsync(new Uri(baseUrl + "/oidc/token"), form);
        r.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await r.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("id_token").GetString()!;
    }
}
