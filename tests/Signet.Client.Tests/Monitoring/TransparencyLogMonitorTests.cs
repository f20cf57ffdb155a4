using System.Formats.Asn1;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Signet.Client.Log;
using Signet.Client.Monitoring;
using Signet.Core.Certificates;
using Signet.Core.Keys;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Monitoring;

/// <summary>The full monitor against a real Signet log (in process): tiles and Rekor v1 walks, identity matches,
/// state between runs, and a log whose entries do not lead to its root.</summary>
public sealed class TransparencyLogMonitorTests : IAsyncLifetime, IDisposable
{
    private readonly SigningKey _key = SigningKey.GenerateEcdsaP256();
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-monitor-run-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LocalSigstore _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalSigstore.StartServicesAsync("log");
        _http = new HttpClient { BaseAddress = _server.BaseUrl };
    }

    [Fact]
    public async Task The_tiles_and_v1_walks_find_the_same_identities_and_a_second_run_reads_only_new_entries()
    {
        using var certKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cert = FulcioLike(certKey, "alice@example.com", "https://issuer.example");
        await AppendAsync(key: _key);
        await AppendAsync(certificate: cert, certificateKey: certKey);
        await AppendAsync(key: _key);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(_key.PublicKey.SpkiDer));
        var config = MonitorConfig.Parse($"""
            startIndex: 0
            monitoredValues:
              certIdentities:
                - certSubject: ^alice@example\.com$
                  issuers: [issuer\.example]
                - certSubject: bob
              fingerprints: [sha256:{fingerprint}]
            """);

        var tiles = Monitor("tiles", config);
        var first = await tiles.RunOnceAsync(CancellationToken.None);
        Assert.Equal(3UL, first.EntriesRead);
        Assert.Equal([(0UL, "fingerprint"), (1UL, "certIdentity"), (2UL, "fingerprint")], first.Findings.Select(f => (f.Index, f.Match.MatchedBy)));
        var alice = first.Findings[1];
        Assert.Equal(("alice@example.com", "https://issuer.example"), (alice.Match.Identity, alice.Match.Issuer));
        Assert.StartsWith("sha256:", alice.Digest, StringComparison.Ordinal);

        await AppendAsync(key: _key);
        var second = await tiles.RunOnceAsync(CancellationToken.None);
        Assert.Equal((1UL, 3UL), (second.EntriesRead, second.Previous!.Size));
        Assert.Equal(3UL, Assert.Single(second.Findings).Index);

        // The Rekor v1 API walk (entries with their inclusion proofs) finds the same, with integrated times.
        var v1 = await Monitor("rekor-v1", config, "v1.json").RunOnceAsync(CancellationToken.None);
        Assert.Equal(first.Findings.Select(f => (f.Index, f.Match.Identity)).Append((3UL, fingerprint)), v1.Findings.Select(f => (f.Index, f.Match.Identity)));
        Assert.All(v1.Findings, f => Assert.True(f.IntegratedTime > 0));
    }

    [Fact]
    public async Task Entries_that_do_not_lead_to_the_signed_root_are_an_inconsistency_and_nothing_is_remembered()
    {
        for (var i = 0; i < 3; i++)
        {
            await AppendAsync(key: _key);
        }

        var config = MonitorConfig.Parse("startIndex: 0\nmonitoredValues:\n  fingerprints: [00]\n");
        using var lying = new HttpClient(new TamperingHandler()) { BaseAddress = new Uri(_server.BaseUrl, "api/v2/") };
        var log = new TileMonitoredLog(lying, new Uri(_server.BaseUrl, "api/v1/log/publicKey"));
        var state = new LogMonitorStateFile(Path.Combine(_dir, "lying.json"));
        var key = VerificationKey.FromPem(await log.GetPublicKeyPemAsync(CancellationToken.None));
        var monitor = new TransparencyLogMonitor(_server.BaseUrl, log, log, key, config, [], _http, state, _time);

        var e = await Assert.ThrowsAsync<LogInconsistencyException>(() => monitor.RunOnceAsync(CancellationToken.None));
        Assert.Contains("do not lead to the root", e.Message, StringComparison.Ordinal);
        Assert.Null(state.Load());
    }

    private TransparencyLogMonitor Monitor(string type, MonitorConfig config, string stateFile = "tiles.json")
    {
        IMonitoredLog log;
        IMonitoredEntries entries;
        if (type == "tiles")
        {
            var tiles = new TileMonitoredLog(new HttpClient { BaseAddress = new Uri(_server.BaseUrl, "api/v2/") }, new Uri(_server.BaseUrl, "api/v1/log/publicKey"));
            (log, entries) = (tiles, tiles);
        }
        else
        {
            var v1 = new RekorV1MonitoredLog(new RekorLogReader(_http));
            (log, entries) = (v1, v1);
        }

        var key = VerificationKey.FromPem(log.GetPublicKeyPemAsync(CancellationToken.None).GetAwaiter().GetResult());
        return new TransparencyLogMonitor(_server.BaseUrl, log, entries, key, config, [], _http, new LogMonitorStateFile(Path.Combine(_dir, stateFile)), _time);
    }

    private async Task AppendAsync(SigningKey? key = null, X509Certificate2? certificate = null, ECDsa? certificateKey = null)
    {
        var artifact = System.Text.Encoding.UTF8.GetBytes("monitored " + Guid.NewGuid());
        var signature = key is not null ? key.Sign(artifact) : certificateKey!.SignData(artifact, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        JsonObject verifier = certificate is not null
            ? new() { ["x509Certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(certificate.RawData) }, ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256" }
            : new() { ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(key!.PublicKey.SpkiDer) }, ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256" };
        var request = new JsonObject
        {
            ["hashedRekordRequestV002"] = new JsonObject
            {
                ["digest"] = Convert.ToBase64String(SHA256.HashData(artifact)),
                ["signature"] = new JsonObject { ["content"] = Convert.ToBase64String(signature), ["verifier"] = verifier },
            },
        };
        using var r = await _http.PostAsJsonAsync(new Uri("api/v2/log/entries", UriKind.Relative), request);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private static X509Certificate2 FulcioLike(ECDsa key, string email, string issuer)
    {
        var request = new CertificateRequest("CN=sigstore", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        request.CertificateExtensions.Add(san.Build());
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteCharacterString(UniversalTagNumber.UTF8String, issuer);
        request.CertificateExtensions.Add(new X509Extension(FulcioOids.Issuer, w.Encode(), false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
    }

    /// <summary>Serves the log's tiles but changes one byte of every entry bundle.</summary>
    private sealed class TamperingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.Contains("/tile/entries/", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                var data = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                data[^1] ^= 1;
                response.Content = new ByteArrayContent(data);
            }

            return response;
        }
    }

    public void Dispose() => _http?.Dispose();

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
