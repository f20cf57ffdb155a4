using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signet.Ca;
using Signet.Ca.Ct;
using Signet.Ca.Issuance;
using Signet.Core.Ct;
using Signet.Server;
using Signet.Server.Ca;

namespace Signet.Benchmarks.Ca;

/// <summary>
/// Issuance load: <c>dotnet run -c Release --project bench/Signet.Benchmarks -- ca-load [requests] [concurrency] [ecdsa-p256|ecdsa-p384]</c>.
/// Starts a real server (ca, ct, dev OIDC; a CA generated with the given key algorithm) on loopback, then
/// (0) the baseline: one raw ECDSA signature with the intermediate's curve, timed one by one in this run;
/// (1) in-process, one request at a time (one core): the token check (verify + identity + proof of possession), the
/// SCT step (precert through the CT log engine) and the CA's own work (everything else: templates, two signatures,
/// encoding) timed separately, so certificates/s per core excluding token and CT = 1 / mean own work;
/// (2) in-process at the given concurrency; (3) over HTTP: certificates/s and p50/p99 of <c>POST /api/v2/signingCert</c>.
/// Bounded in count; stops by itself.
/// </summary>
internal static class CaIssuanceLoad
{
    public static async Task RunAsync(string[] args)
    {
        var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        var algorithm = args.Length > 3 ? args[3] : "ecdsa-p256";
        requests = Math.Clamp(requests, 10, 50_000);
        var dir = Directory.CreateTempSubdirectory("signet-ca-load-").FullName;
        try
        {
            var options = new SignetServerOptions { DataDirectory = dir, Listen = "127.0.0.1:0", Services = new HashSet<string> { "ca", "ct" }, DevOidc = true, CaKeyAlgorithm = algorithm };
            var app = SignetServer.Build(options);
            var url = await SignetServer.StartAsync(app, CancellationToken.None);
            using var http = new HttpClient { BaseAddress = url };
            var runtime = app.Services.GetRequiredService<CaRuntime>();
            var work = await PrepareAsync(http, Math.Min(requests, 5000));

            // (0) Baseline: one raw signature with the intermediate's key type, measured now.
            var issuing = runtime.Material.IssuingKey;
            Console.WriteLine($"CA key algorithm {algorithm}: intermediate {issuing.SignatureOid}");
            var baseline = RawSignatures(issuing.Certificate.GetECDsaPublicKey()!.KeySize, Math.Min(requests, 1000));
            Report("baseline: one raw ECDSA signature (intermediate's curve)", baseline);

            // (1) In-process, one request at a time: each step timed separately.
            var timedCt = new TimedCt(runtime.Ct);
            var ca = new SigningCertificateIssuer(issuing, runtime.Material.ChainAboveIssuer, timedCt, TimeProvider.System);
            var own = new List<double>();
            for (var i = 0; i < Math.Min(requests, 1000); i++)
            {
                var start = Stopwatch.GetTimestamp();
                var (identity, key) = await runtime.Service.AuthorizeAsync(work[i % work.Count], CancellationToken.None);
                var authorized = Stopwatch.GetTimestamp();
                var sctsBefore = timedCt.Samples.Count;
                await ca.IssueAsync(identity, key.SpkiDer, CancellationToken.None);
                var issueMs = Stopwatch.GetElapsedTime(authorized).TotalMilliseconds;
                own.Add(issueMs - timedCt.Samples.Skip(sctsBefore).Sum());
            }

            var meanOwn = own.Average();
            Console.WriteLine($"one core, excluding token and CT: {1000 / meanOwn:0} certificates/s; own work = {meanOwn / baseline.Average():0.00} raw signatures (mean)");
            Report("  CA's own work per certificate", own);
            Report("  SCT step (add-pre-chain through the CT log engine)", timedCt.Samples);
            timedCt.Samples.Clear();

            // (2) In-process at the given concurrency.
            var token = new List<double>();
            var total = new List<double>();
            var inProcess = Math.Min(requests, 1000);
            var wall = Stopwatch.StartNew();
            await Parallel.ForAsync(0, inProcess, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            {
                var start = Stopwatch.GetTimestamp();
                var (identity, key) = await runtime.Service.AuthorizeAsync(work[i % work.Count], ct);
                var authorized = Stopwatch.GetTimestamp();
                await ca.IssueAsync(identity, key.SpkiDer, ct);
                var end = Stopwatch.GetTimestamp();
                lock (token)
                {
                    token.Add(Stopwatch.GetElapsedTime(start, authorized).TotalMilliseconds);
                    total.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                }
            });
            wall.Stop();
            Console.WriteLine($"in-process, {inProcess} certificates, concurrency {concurrency}: {inProcess / wall.Elapsed.TotalSeconds:0} certs/s");
            Report("  whole issuance", total);
            Report("  token check (verify + identity + PoP)", token);
            Report("  SCT step (add-pre-chain through the CT log engine)", timedCt.Samples);

            // (2) End to end over loopback HTTP.
            var latencies = new List<double>();
            var failures = 0;
            wall.Restart();
            await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            {
                var req = work[i % work.Count];
                var body = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["credentials"] = new Dictionary<string, string> { ["oidcIdentityToken"] = req.IdentityToken },
                    ["publicKeyRequest"] = new Dictionary<string, object>
                    {
                        ["publicKey"] = new Dictionary<string, string> { ["content"] = new string(PemEncoding.Write("PUBLIC KEY", req.PublicKeySpki)) },
                        ["proofOfPossession"] = Convert.ToBase64String(req.ProofOfPossession!),
                    },
                });
                var start = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v2/signingCert", content, ct);
                _ = await response.Content.ReadAsByteArrayAsync(ct);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                    failures += response.IsSuccessStatusCode ? 0 : 1;
                }
            });
            wall.Stop();
            Console.WriteLine($"HTTP loopback, {requests} requests, concurrency {concurrency}: {requests / wall.Elapsed.TotalSeconds:0} certs/s, {failures} failures");
            Report("  end to end", latencies);
            await app.StopAsync();
            await app.DisposeAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<List<SigningCertificateRequest>> PrepareAsync(HttpClient http, int count)
    {
        var list = new List<SigningCertificateRequest>(count);
        for (var i = 0; i < Math.Min(count, 200); i++)
        {
            var email = $"user{i}@example.com";
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email });
            using var r = await http.PostAsync("/oidc/token", form);
            var token = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id_token").GetString()!;
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var proof = key.SignData(Encoding.UTF8.GetBytes(email), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            list.Add(new SigningCertificateRequest(token, key.ExportSubjectPublicKeyInfo(), proof, null));
        }

        return list;
    }

    private static List<double> RawSignatures(int curveBits, int count)
    {
        using var key = ECDsa.Create(curveBits == 384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
        var hash = curveBits == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var data = RandomNumberGenerator.GetBytes(600); // about a leaf TBSCertificate
        var samples = new List<double>(count);
        for (var i = 0; i < count + 50; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = key.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence);
            if (i >= 50)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return samples;
    }

    private static void Report(string what, List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"{what}: n={sorted.Length} p50={P(0.50):0.00} ms p99={P(0.99):0.00} ms mean={sorted.Average():0.00} ms");
    }

    /// <summary>Times each call to the real CT log (a measuring wrapper, not a substitute).</summary>
    private sealed class TimedCt(ICtLogSubmitter inner) : ICtLogSubmitter
    {
        public List<double> Samples { get; } = [];

        public async Task<SignedCertificateTimestamp> AddPreChainAsync(IReadOnlyList<byte[]> chain, CancellationToken cancellationToken)
        {
            var start = Stopwatch.GetTimestamp();
            var sct = await inner.AddPreChainAsync(chain, cancellationToken);
            lock (Samples)
            {
                Samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return sct;
        }
    }
}
