using System.Text.Json;
using Signet.Testing.Observability;

namespace Signet.Cli.Tests.Operations;

/// <summary><c>signet serve --metrics</c>: what one <c>signet sign</c> against the server moves in <c>/metrics</c>.</summary>
public sealed class ServeMetricsTests
{
    [Fact]
    public async Task Signing_once_moves_the_ca_log_tsa_and_request_metrics_by_exactly_one()
    {
        await using var served = await ServedSignet.StartAsync("--dev-oidc", "--metrics");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var origin = new Uri(served.Url).Authority;
        var issuer = served.Url + "/oidc";

        var before = new PrometheusScrape(await http.GetStringAsync(new Uri(served.Url + "/metrics")));
        var token = SignetProcess.Run("dev-token", "--server", served.Url, "--email", "metrics@signet.dev");
        Assert.True(token.ExitCode == 0, token.StdErr);
        var artifact = Path.Combine(served.DataDirectory, "artifact.txt");
        File.WriteAllText(artifact, "counted once\n");
        var signed = SignetProcess.Run(["sign", artifact, "--identity-token", token.StdOut.Trim(), "--signing-config", Path.Combine(served.DataDirectory, "signing_config.v0.2.json")],
            null, new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = "" }, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        using var bundle = JsonDocument.Parse(File.ReadAllText(artifact + ".sigstore.json"));
        var timestamps = bundle.RootElement.GetProperty("verificationMaterial").GetProperty("timestampVerificationData").GetProperty("rfc3161Timestamps").GetArrayLength();
        Assert.Equal(1, timestamps);

        var after = new PrometheusScrape(await http.GetStringAsync(new Uri(served.Url + "/metrics")));
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(1, Delta("signet_ca_certificates_issued_total", ("signet_ca_oidc_issuer", issuer)));
        Assert.Equal(1, Delta("signet_log_entries_sequenced_total", ("signet_log_origin", origin), ("signet_log_duplicate", "false")));
        Assert.Equal(1, after.Sum("signet_log_size", ("signet_log_origin", origin)));
        Assert.Equal(1, Delta("signet_log_integration_lag_seconds_count", ("signet_log_origin", origin)));
        Assert.Equal(timestamps, Delta("signet_tsa_timestamps_issued_total"));
        Assert.Equal(1, after.Sum("target_info", ("service_name", "signet")));

        // ASP.NET Core's own request histogram carries route and status: one certificate, one log entry, one timestamp.
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", ("http_route", "/api/v2/signingCert"), ("http_response_status_code", "201")));
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", ("http_route", "/api/v1/timestamp"), ("http_response_status_code", "200")));
        var logRoutes = Delta("http_server_request_duration_seconds_count", ("http_route", "/api/v2/log/entries"), ("http_response_status_code", "201"))
            + Delta("http_server_request_duration_seconds_count", ("http_route", "/api/v1/log/entries"), ("http_response_status_code", "201"));
        Assert.Equal(1, logRoutes);
    }
}
