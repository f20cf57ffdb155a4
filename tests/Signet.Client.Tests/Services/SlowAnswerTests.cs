using Signet.Client.Identity;
using Signet.Client.Log;
using Signet.Client.Monitoring;
using Signet.Client.Services;
using Signet.Core;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Services;

/// <summary>
/// A service that sends its headers and then stalls, trickles, or floods its body, against every client of an outside
/// service (a real server, <see cref="HostileHttpServer"/>). <see cref="HttpClient.Timeout"/> ends at the headers when the
/// client reads them first, so before, a stalled body held <c>signet sign</c>, <c>dev-token</c> and <c>trust</c> for
/// ever; and the log readers buffered a flood up to 2 GB before they failed. Each wait is bounded (<see cref="Bound"/>)
/// only so that a regression fails instead of hanging the run; the clients give up after one second.
/// </summary>
public sealed class SlowAnswerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(HostileBody.Stall)]
    [InlineData(HostileBody.Trickle)]
    public async Task A_body_that_does_not_arrive_in_time_is_a_timeout_naming_the_url(HostileBody body)
    {
        await using var server = HostileHttpServer.Start(body);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.BaseUrl, "answer"), HttpCompletionOption.ResponseHeadersRead);

        var e = await Assert.ThrowsAsync<TaskCanceledException>(() =>
            ResponseBody.ReadAsync(response, 1 << 20, TimeSpan.FromSeconds(1), _ => new InvalidOperationException("not too large"), default).WaitAsync(Bound));
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.Equal($"{server.BaseUrl}answer did not send its whole answer within 1 s", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Stall);
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.BaseUrl, HttpCompletionOption.ResponseHeadersRead);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ResponseBody.ReadAsync(response, 1 << 20, TimeSpan.FromMinutes(5), _ => new InvalidOperationException(), cancel.Token).WaitAsync(Bound));
        Assert.IsNotType<TimeoutException>(e.InnerException);
    }

    [Fact]
    public async Task A_flood_stops_at_the_limit_and_reports_progress_on_the_way()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Flood);
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.BaseUrl, HttpCompletionOption.ResponseHeadersRead);
        long seen = 0;

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => ResponseBody.ReadAsync(response, 1 << 20, TimeSpan.FromMinutes(1),
            announced => new SignetFormatException($"too large ({announced?.ToString() ?? "not announced"})"), default, n => seen = n).WaitAsync(Bound));
        Assert.Equal("too large (not announced)", e.Message);
        Assert.InRange(seen, 1, 1 << 20);
        Assert.True(server.BodyBytesSent < HostileHttpServer.FloodLimit, "the reader stopped long before the end of the flood");
    }

    [Fact]
    public async Task A_ca_that_stalls_after_its_headers_is_a_service_error()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Stall);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var client = new FulcioClient(http, server.BaseUrl);

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() => client.CreateSigningCertificateAsync(
            "a.b.c", Core.Keys.VerificationKey.FromSpki(key.ExportSubjectPublicKeyInfo()), [1], default).WaitAsync(Bound));
        Assert.Equal($"the certificate authority at {server.BaseUrl.GetLeftPart(UriPartial.Authority)} did not send its whole answer within 1 s", e.Message);
        Assert.Equal(SignetErrorKind.Unavailable, e.ErrorKind);
    }

    [Fact]
    public async Task A_development_issuer_that_trickles_is_a_service_error()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Trickle);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() =>
            DevelopmentTokens.ForEmailAsync(http, server.BaseUrl, "a@example.com").WaitAsync(Bound));
        Assert.Contains("did not send its whole answer within 1 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_that_floods_is_refused_at_the_limit_not_buffered()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Flood);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        // Before: the whole flood was buffered (up to 2 GB), then refused by the JSON reader as a format error.
        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() => new RekorLogReader(http).GetLogInfoAsync(default).WaitAsync(Bound));
        Assert.Equal($"the transparency log answered with more than {4 << 20} bytes", e.Message);
        Assert.True(server.BodyBytesSent < HostileHttpServer.FloodLimit);
    }

    [Fact]
    public async Task A_log_that_stalls_is_a_service_error()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Stall);
        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(1) };

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() => new RekorLogReader(http).GetPublicKeyPemAsync(default).WaitAsync(Bound));
        Assert.Contains("did not send its whole answer within 1 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tuf_mirror_that_stalls_times_out_as_an_unreachable_one_does()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Stall);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        // A TaskCanceledException, as HttpClient's own timeout: the trust cache falls back to what it has for both.
        var e = await Assert.ThrowsAsync<TaskCanceledException>(() =>
            new HttpTufRemote(http, server.BaseUrl).FetchMetadataAsync("timestamp.json", 16 << 10, default).WaitAsync(Bound));
        Assert.IsType<TimeoutException>(e.InnerException);
    }

    [Theory]
    [InlineData(HostileBody.Stall)]
    [InlineData(HostileBody.Trickle)]
    public async Task Monitored_logs_and_witnesses_that_stall_time_out(HostileBody body)
    {
        await using var server = HostileHttpServer.Start(body);
        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(1) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => new TileMonitoredLog(http).GetHeadAsync(default).WaitAsync(Bound));
        await Assert.ThrowsAsync<TaskCanceledException>(() => new CtMonitoredLog(http, "ct.example").GetHeadAsync(default).WaitAsync(Bound));
        await Assert.ThrowsAsync<TaskCanceledException>(() => new TileMonitoredLog(http, new Uri(server.BaseUrl, "key")).GetPublicKeyPemAsync(default).WaitAsync(Bound));
        var witness = MonitorWitness.Parse($"{server.BaseUrl}=" + WitnessKey());
        await Assert.ThrowsAsync<TaskCanceledException>(() => witness.GetCheckpointAsync(http, "log.example", default).WaitAsync(Bound));
    }

    [Fact]
    public async Task A_monitored_log_that_floods_is_refused_at_the_limit()
    {
        await using var server = HostileHttpServer.Start(HostileBody.Flood);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => new TileMonitoredLog(http).GetHeadAsync(default).WaitAsync(Bound));
        Assert.EndsWith($"larger than {16 << 20} bytes", e.Message, StringComparison.Ordinal);
        Assert.True(server.BodyBytesSent < HostileHttpServer.FloodLimit);
    }

    // A tlog-cosignature (type 0x04) verifier key of a fresh Ed25519 key.
    private static string WitnessKey()
    {
        using var signer = new Core.Notes.CosignatureV1Signer("witness.example", new byte[32], TimeProvider.System);
        return signer.VerifierKey;
    }
}
