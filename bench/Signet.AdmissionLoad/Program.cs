using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Admission.Hosting;
using Signet.Hosting;
using Signet.Admission.Manifests;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Oci;
using Signet.Oci.Signatures;
using Signet.Testing.Oci;
using Signet.Testing.Servers;

// Signet.AdmissionLoad [SECONDS] [CONCURRENCY] [COLD_REVIEWS]: the admission webhook's latency and throughput.
// Starts Debian's docker-registry and the local Sigstore (signet serve's composition with the development OIDC issuer),
// pushes one image and signs it keyless, then drives the webhook over HTTPS as the API server does:
//   warm (digest): Pod reviews naming the image by digest (what /validate sees after /mutate pinned it): cache hits.
//   warm (tag):    the same image by tag: a cache hit plus one manifest GET to resolve the tag.
//   cold:          one review at a time with the cache off (TTL 0): tag resolution, signature discovery, full verification.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var coldReviews = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;

using var registry = new RegistryServer();
await using var sigstore = await LocalSigstore.StartAsync(new LocalSigstoreOptions { PinPublicUrl = true });
var trustedRoot = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(sigstore.DataDirectory, "trusted_root.json")));
var signingConfig = SigningConfig.Parse(File.ReadAllBytes(Path.Combine(sigstore.DataDirectory, "signing_config.v0.2.json")));
using var client = new RegistryClient(registry.Registry);
var manifest = await TestImages.PushImageAsync(client, "bench/web", "v1", "admission bench");
var image = ImageReference.Parse($"{registry.Registry}/bench/web:v1");
using (var http = new HttpClient())
{
    var signer = new BundleSigner(http, ImageBundleProducers.ServicesFor(signingConfig, SignatureStorage.Bundle, DateTimeOffset.UtcNow), TimeProvider.System);
    using var session = SigningSession.Keyless(signer, IdentityToken.Parse(await sigstore.TokenAsync("alice@example.com")), trustedRoot);
    await ImageSigner.SignAsync(client, image, manifest, ImageBundleProducers.FromSession(session), SignatureStorage.Bundle, TimeProvider.System);
}

var dir = Directory.CreateTempSubdirectory("signet-admission-bench-").FullName;
var policies = Path.Combine(dir, "policies");
Directory.CreateDirectory(policies);
File.WriteAllText(Path.Combine(policies, "policy.yaml"), $"""
    apiVersion: policy.sigstore.dev/v1beta1
    kind: ClusterImagePolicy
    metadata:
      name: signed-by-alice
    spec:
      images:
      - glob: "**"
      authorities:
      - keyless:
          identities:
          - issuer: {sigstore.Issuer}
            subject: alice@example.com
    """);
var certs = WebhookCertificates.Generate("signet-admission", "bench", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
File.WriteAllText(Path.Combine(dir, "tls.crt"), certs.CertificatePem);
File.WriteAllText(Path.Combine(dir, "tls.key"), certs.KeyPem);
var byDigest = Review(image.WithDigest(manifest.Digest).ToString());
var byTag = Review(image.ToString());

Console.WriteLine($"signet admission load: {Environment.ProcessorCount} cores; {seconds} s per warm run, {concurrency} connections; {coldReviews} cold reviews");
foreach (var (name, ttl, review, conns, count) in new[]
{
    ("warm (digest)", TimeSpan.FromMinutes(5), byDigest, concurrency, 0),
    ("warm (tag)", TimeSpan.FromMinutes(5), byTag, concurrency, 0),
    ("cold (tag, cache off)", TimeSpan.Zero, byTag, 1, coldReviews),
})
{
    var app = AdmissionServer.Build(new AdmissionServerOptions
    {
        Policies = policies,
        TlsCertificate = Path.Combine(dir, "tls.crt"),
        TlsKey = Path.Combine(dir, "tls.key"),
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        Trust = TrustedMaterial.FromTrustedRoot(trustedRoot),
        CacheTtl = ttl,
    });
    await using (app)
    {
        var url = await KestrelHost.StartAsync(app, CancellationToken.None);
        using var webhook = Client(url, certs.CaCertificatePem, conns);
        await PostAsync(webhook, review, mustAllow: true); // the first review verifies (and, warm, fills the cache)
        var latencies = new List<double>();
        var watch = Stopwatch.StartNew();
        var end = count > 0 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
        var left = count > 0 ? count : int.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, conns).Select(async _ =>
        {
            var mine = new List<double>();
            while (watch.Elapsed < end && Interlocked.Decrement(ref left) >= 0)
            {
                var t = Stopwatch.GetTimestamp();
                await PostAsync(webhook, review, mustAllow: true);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-22} {latencies.Count,7} reviews {latencies.Count / elapsed,8:F0}/s  p50 {At(latencies, 50),7:F2} ms  p99 {At(latencies, 99),7:F2} ms  max {latencies[^1],7:F2} ms"));
    }
}

Directory.Delete(dir, recursive: true);
return 0;

static double At(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

static byte[] Review(string image) => Encoding.UTF8.GetBytes($$$"""
    {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
    "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
    "namespace":"shop","name":"web","operation":"CREATE","userInfo":{"username":"admin"},
    "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},
    "spec":{"containers":[{"name":"web","image":"{{{image}}}"}]}},"dryRun":false}}
    """);

static HttpClient Client(Uri url, string caPem, int connections) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    ConnectCallback = async (_, ct) =>
    {
        // https://signet-admission.bench.svc:PORT/ as the API server calls it, resolved here to the loopback port.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, url.Port, ct);
        return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
    },
    SslOptions = new SslClientAuthenticationOptions
    {
        CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { X509Certificate2.CreateFromPem(caPem) },
            RevocationMode = X509RevocationMode.NoCheck,
        },
    },
}) { BaseAddress = new Uri($"https://signet-admission.bench.svc:{url.Port}/") };

static async Task PostAsync(HttpClient webhook, byte[] review, bool mustAllow)
{
    using var content = new ByteArrayContent(review);
    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    using var response = await webhook.PostAsync(new Uri("/validate?timeout=10s", UriKind.Relative), content);
    var body = await response.Content.ReadAsStringAsync();
    if (response.StatusCode != HttpStatusCode.OK || (mustAllow && !body.Contains("\"allowed\":true", StringComparison.Ordinal)))
    {
        throw new InvalidOperationException($"webhook answered {(int)response.StatusCode}: {body}");
    }
}
