using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Log.Engine;
using Signet.Testing.Observability;
using Signet.Testing.Servers;
using Signet.Testing.Tls;

namespace Signet.Cli.Tests.Witness;

/// <summary>
/// <c>signet witness serve</c> run like <c>signet serve</c>: HTTPS with the operator's certificate (<c>--tls-cert</c>,
/// <c>--tls-key</c>), <c>GET /healthz</c>, and <c>/metrics</c> (<c>--metrics</c>) counting each add-checkpoint by log and
/// result, with ASP.NET Core's request histogram by route and status.
/// </summary>
public sealed class WitnessOperationsTests : IDisposable
{
    private const string Origin = "operated.test/log";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witness-ops-").FullName;
    private readonly CheckpointingLog _log = new(Origin);
    private readonly TestTlsCertificates _pki;

    public WitnessOperationsTests() => _pki = new TestTlsCertificates(_dir);

    [Fact]
    public async Task A_witness_over_https_answers_health_and_counts_its_answers_in_metrics()
    {
        var (_, cert, key) = _pki.IssueServer("witness");
        using var witness = await WitnessProcess.StartAsync(
            Path.Combine(_dir, "w"), LoopbackPort.Free(), "witness.test/ops", [_log.Flag], ["--metrics", "--tls-cert", cert, "--tls-key", key], environment: null);
        Assert.Equal("https", witness.Url.Scheme);
        using var http = _pki.Client();
        http.BaseAddress = witness.Url;

        using (var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("healthz", UriKind.Relative))))
        {
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.Equal(["witness"], health.RootElement.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
        }

        var before = new PrometheusScrape(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, _log.Grow()));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, _log.Grow()));
        Assert.Equal(HttpStatusCode.Conflict, await PostAsync(http, _log.Request(0)));
        using (var stranger = new CheckpointingLog("stranger.test/log"))
        {
            Assert.Equal(HttpStatusCode.NotFound, await PostAsync(http, stranger.Grow()));
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(http, "old 0\n"u8.ToArray()));
        // The Prometheus exporter answers a scrape from its cache for 300 ms: scrape until the five answers show.
        const string counted = "signet_witness_checkpoints_total";
        var after = before;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); after.Sum(counted) - before.Sum(counted) < 5 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            after = new PrometheusScrape(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
        }

        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(2, Delta(counted, ("signet_witness_log", Origin), ("signet_witness_result", "cosigned")));
        Assert.Equal(1, Delta(counted, ("signet_witness_log", Origin), ("signet_witness_result", "size_conflict")));
        Assert.Equal(1, Delta(counted, ("signet_witness_result", "unknown_log")));
        Assert.Equal(1, Delta(counted, ("signet_witness_result", "malformed")));
        Assert.Equal(5, Delta(counted));
        Assert.Equal(0, Delta(counted, ("signet_witness_log", "stranger.test/log"))); // a requester's origin is no label value
        Assert.Equal(2, Delta("http_server_request_duration_seconds_count", ("http_route", "/add-checkpoint"), ("http_response_status_code", "200")));
        Assert.Equal(1, after.Sum("target_info", ("service_name", "signet-witness")));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", ("http_route", "/add-checkpoint"), ("http_response_status_code", "409")));
    }

    [Fact]
    public async Task A_log_submits_its_checkpoints_to_an_https_witness_whose_ca_ssl_cert_file_names()
    {
        var (_, cert, key) = _pki.IssueServer("witness");
        using var witness = await WitnessProcess.StartAsync(
            Path.Combine(_dir, "w"), LoopbackPort.Free(), "witness.test/ops", [LogFlag("trusting"), LogFlag("untrusting")], ["--tls-cert", cert, "--tls-key", key], environment: null);
        var cosigner = new WitnessQuorum([NoteVerifierKey.ParseCosigner(witness.VerifierKey)], 1);

        // The answer waits for a checkpoint the witness cosigned (quorum 1): its cosignature is in the inclusion proof's.
        var trusted = await AppendThroughAsync(witness, "trusting", new Dictionary<string, string> { ["SSL_CERT_FILE"] = _pki.CaFile }, "30");
        Assert.Single(cosigner.Check(trusted));

        // A log that does not trust the witness's CA gets no cosignature: the answer comes when the quorum times out.
        var untrusted = await AppendThroughAsync(witness, "untrusting", environment: null, "1");
        Assert.Contains("cosigned by 0 of the trusted witnesses", Assert.Throws<NoteVerificationException>(() => cosigner.Check(untrusted)).Message, StringComparison.Ordinal);
    }

    // The log's checkpoint key made before the log starts, so the witness can be told its verifier key.
    private string LogFlag(string name)
    {
        using var logKey = LogKey.LoadOrCreate(Path.Combine(_dir, name, "keys"), name + ".test/log");
        return $"{name}.test/log={logKey.VerifierKey}";
    }

    private async Task<byte[]> AppendThroughAsync(WitnessProcess witness, string name, IReadOnlyDictionary<string, string>? environment, string timeout)
    {
        using var log = await ServerProcess.StartAsync(Path.Combine(_dir, name), LoopbackPort.Free(), environment,
            "--log-origin", name + ".test/log", "--witness", witness.Flag, "--witness-quorum", "1", "--witness-timeout", timeout);
        using var http = new HttpClient { BaseAddress = log.Url };
        using var signer = SigningKey.GenerateEcdsaP256();
        using var content = new StringContent(HashedRekordRequest.V001(signer, Encoding.UTF8.GetBytes("witnessed over https by " + name)), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("api/v1/log/entries", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entry = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject().Single().Value!;
        return Encoding.UTF8.GetBytes(entry["verification"]!["inclusionProof"]!["checkpoint"]!.GetValue<string>());
    }

    [Fact]
    public void A_tls_key_without_its_certificate_is_a_usage_error()
    {
        var (_, _, key) = _pki.IssueServer("witness");
        var r = SignetProcess.Run("witness", "serve", "--data-dir", Path.Combine(_dir, "w"), "--name", "witness.test/ops", "--log", _log.Flag, "--tls-key", key);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--tls-cert and --tls-key go together", r.StdErr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _log.Dispose();
        _pki.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, byte[] body)
    {
        using var response = await http.PostAsync(new Uri("add-checkpoint", UriKind.Relative), new ByteArrayContent(body));
        return response.StatusCode;
    }
}
