using System.Text;
using Microsoft.Extensions.Time.Testing;
using Signet.Client.Identity;
using Signet.Client.Monitoring;
using Signet.Client.Services;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Monitoring;

/// <summary>The monitor over Signet's CA certificate transparency log (RFC 6962 under <c>/ct/v1/</c>): certificates
/// issued by the real CA are found by their identity from the precertificate leaves, a second run reads only new
/// entries, and a log whose tree head, entries or proofs are altered is refused with nothing remembered.</summary>
public sealed class CtMonitorTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-ct-monitor-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LocalSigstore _server = null!;
    private HttpClient _http = null!;
    private VerificationKey _ctKey = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { PinPublicUrl = true });
        _http = new HttpClient { BaseAddress = _server.BaseUrl };
        var root = TrustedRoot.Parse(await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "trusted_root.json")));
        _ctKey = VerificationKey.FromSpki(Assert.Single(root.Ctlogs).PublicKey.RawBytes);
    }

    [Fact]
    public async Task Certificates_the_CA_issued_are_found_by_identity_and_a_second_run_reads_only_new_entries()
    {
        await IssueAsync("alice@example.com");
        await IssueAsync("bob@example.com");
        await IssueAsync("alice@example.com");
        await IntegratedAsync(3);
        var config = MonitorConfig.Parse($"""
            startIndex: 0
            monitoredValues:
              certIdentities:
                - certSubject: ^alice@example\.com$
                  issuers: [{System.Text.RegularExpressions.Regex.Escape(_server.Issuer)}]
            """);
        var state = new LogMonitorStateFile(Path.Combine(_dir, "ct.json"));
        var monitor = Monitor(null, config, state);

        var first = await monitor.RunOnceAsync(CancellationToken.None);
        Assert.Equal(3UL, first.EntriesRead);
        Assert.Equal([0UL, 2UL], first.Findings.Select(f => f.Index));
        Assert.All(first.Findings, f => Assert.Equal(("alice@example.com", _server.Issuer), (f.Match.Identity, f.Match.Issuer)));
        Assert.All(first.Findings, f => Assert.True(f.IntegratedTime > 0));
        Assert.Equal(3UL, state.Load()!.Tree.Size);

        // Entries 3 and 4: the walk starts at 3, its frontier taken from entry 3's verified inclusion proof.
        await IssueAsync("carol@example.com");
        await IssueAsync("alice@example.com");
        await IntegratedAsync(5);
        var second = await monitor.RunOnceAsync(CancellationToken.None);
        Assert.Equal((2UL, 3UL, 5UL), (second.EntriesRead, second.Previous!.Size, second.Checkpoint.Size));
        Assert.Equal(4UL, Assert.Single(second.Findings).Index);
    }

    [Theory]
    [InlineData("get-sth", "tree_head_signature")]
    [InlineData("get-entries", "leaf_input")]
    [InlineData("get-proof-by-hash", "audit_path")]
    public async Task A_log_that_alters_what_it_serves_is_refused_and_nothing_is_remembered(string route, string field)
    {
        for (var i = 0; i < 4; i++)
        {
            await IssueAsync($"user{i}@example.com");
        }

        await IntegratedAsync(4);

        var config = MonitorConfig.Parse("monitoredValues:\n  certIdentities:\n    - certSubject: nobody\n");
        var state = new LogMonitorStateFile(Path.Combine(_dir, route + ".json"));
        if (route == "get-proof-by-hash")
        {
            // The proof is only asked for when a walk starts after entry 0: remember size 2 first, honestly.
            await Monitor(null, config, state).RunOnceAsync(CancellationToken.None);
            var remembered = state.Load()!;
            state.Save(remembered with { Tree = new LogTreeHead(2, await RootAtAsync(2)) });
        }

        var before = state.Load();
        var monitor = Monitor(new TamperingHandler(route, field), config with { StartIndex = 0 }, state);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => monitor.RunOnceAsync(CancellationToken.None));
        Assert.True(e is NoteVerificationException or LogInconsistencyException or MerkleProofException, e.ToString());
        Assert.Equal(before?.Tree.Size, state.Load()?.Tree.Size);
    }

    [Fact]
    public void A_tree_head_that_is_not_RFC_6962_JSON_is_a_format_error()
    {
        Assert.Throws<Core.SignetFormatException>(() => CtMonitoredLog.ReadTreeHead("{\"tree_size\":-1,\"timestamp\":1,\"sha256_root_hash\":\"AA==\",\"tree_head_signature\":\"AA==\"}"u8.ToArray()));
        Assert.Throws<Core.SignetFormatException>(() => CtMonitoredLog.ReadTreeHead("{\"tree_size\":1,\"tree_size\":2}"u8.ToArray()));
        Assert.Throws<Core.SignetFormatException>(() => EntryMaterial.FromCtLeaf([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]));
    }

    [Fact]
    public void A_precertificate_TBS_with_bytes_after_it_is_a_format_error()
    {
        // Found by afl++ on the ct-monitor harness (fuzz/regressions/ct-monitor/afl-tbs-trailing-data-*): the TBS is
        // one DER SEQUENCE { serialNumber, signature } followed by one stray byte.
        byte[] tbs = [0x30, 0x08, 0x02, 0x01, 0x01, 0x30, 0x03, 0x06, 0x01, 0x2a, 0x00];
        var leaf = new List<byte> { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 };
        leaf.AddRange(new byte[32]);
        leaf.AddRange([0, 0, (byte)tbs.Length]);
        leaf.AddRange(tbs);
        leaf.AddRange([0, 0]);
        var e = Assert.Throws<Core.SignetFormatException>(() => EntryMaterial.FromCtLeaf(leaf.ToArray()));
        Assert.Contains("TBSCertificate is malformed", e.Message, StringComparison.Ordinal);

        // Without the stray byte the same leaf reads as an (unsigned) certificate.
        leaf.RemoveAt(12 + 32 + 3 + tbs.Length - 1);
        leaf[12 + 32 + 2] = (byte)(tbs.Length - 1);
        Assert.Single(EntryMaterial.FromCtLeaf(leaf.ToArray()).Certificates);
    }

    private TransparencyLogMonitor Monitor(HttpMessageHandler? handler, MonitorConfig config, LogMonitorStateFile state)
    {
        var http = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = new Uri(_server.BaseUrl, "ct/v1/") };
        var log = new CtMonitoredLog(http, _server.BaseUrl.ToString());
        return new TransparencyLogMonitor(_server.BaseUrl, log, log, _ctKey, config, [], _http, state, _time);
    }

    private async Task<byte[]> RootAtAsync(ulong size)
    {
        // The root of an earlier tree, from the log's own consistency proof and tree head: recompute it from the leaves.
        using var r = await _http.GetAsync(new Uri($"ct/v1/get-entries?start=0&end={size - 1}", UriKind.Relative));
        using var doc = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var range = new CompactRange();
        foreach (var e in doc.RootElement.GetProperty("entries").EnumerateArray())
        {
            range.Append(Rfc6962.HashLeaf(Convert.FromBase64String(e.GetProperty("leaf_input").GetString()!)));
        }

        return range.GetRootHash();
    }

    // An SCT promises integration (RFC 6962 §3: within the maximum merge delay); wait until the tree head shows it.
    private async Task IntegratedAsync(ulong size)
    {
        for (var i = 0; i < 600; i++)
        {
            if (CtMonitoredLog.ReadTreeHead(await _http.GetByteArrayAsync(new Uri("ct/v1/get-sth", UriKind.Relative))).TreeSize >= size)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the CT log did not reach {size} entries in 30 s");
    }

    private async Task IssueAsync(string email)
    {
        var token = IdentityToken.Parse(await _server.TokenAsync(email));
        using var key = SigningKey.GenerateEcdsaP256();
        var ca = new FulcioClient(_http, _server.BaseUrl);
        await ca.CreateSigningCertificateAsync(token.Jwt, key.PublicKey, key.Sign(Encoding.UTF8.GetBytes(token.Challenge)), CancellationToken.None);
    }

    /// <summary>Changes one byte of <paramref name="field"/> (base64, or the first base64 item of an array, or of every
    /// entry) in the JSON answers of <paramref name="route"/>.</summary>
    private sealed class TamperingHandler(string route, string field) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith("/" + route, StringComparison.Ordinal) || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var holder in route == "get-entries" ? json["entries"]!.AsArray().Select(e => e!) : [json])
            {
                var value = holder[field]!;
                var target = value is System.Text.Json.Nodes.JsonArray a ? a[0]! : value;
                var bytes = Convert.FromBase64String(target.GetValue<string>());
                bytes[route == "get-entries" ? 5 : ^1] ^= 1; // a leaf's timestamp; a signature's or hash's last byte
                target.ReplaceWith(Convert.ToBase64String(bytes));
            }

            response.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }
    }

    public void Dispose() => _http?.Dispose();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
