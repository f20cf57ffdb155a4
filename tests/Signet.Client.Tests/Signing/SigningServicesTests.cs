using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;

namespace Signet.Client.Tests.Signing;

public sealed class SigningServicesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static Service S(string url, int v, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new(url, v, new TimeRange(start ?? Now.AddDays(-1), end), null);

    private static SigningConfig Config(IReadOnlyList<Service> logs, ServiceConfiguration? logSel, IReadOnlyList<Service> tsas, ServiceConfiguration? tsaSel) =>
        new(MediaTypes.SigningConfigV02, [S("http://old-ca", 1, Now.AddDays(-10), Now.AddDays(-5)), S("http://ca", 1)], [], logs, logSel, tsas, tsaSel);

    [Fact]
    public void Picks_the_ca_valid_now_and_prefers_rekor_v2()
    {
        var s = SigningServices.Select(Config([S("http://v1", 1), S("http://v2", 2)], new(ServiceSelector.Any, 0), [S("http://tsa", 1)], new(ServiceSelector.Any, 0)), Now);
        Assert.Equal("http://ca", s.Ca!.Url);
        Assert.Equal("http://v2", Assert.Single(s.Logs).Url);
        Assert.Equal("http://tsa", Assert.Single(s.Tsas).Url);
    }

    [Fact]
    public void Expired_and_future_services_are_skipped()
    {
        var s = SigningServices.Select(Config(
            [S("http://v2-old", 2, Now.AddDays(-9), Now.AddDays(-2)), S("http://v2-future", 2, Now.AddDays(1)), S("http://v1", 1)],
            new(ServiceSelector.Any, 0), [], null), Now);
        Assert.Equal("http://v1", Assert.Single(s.Logs).Url);
        Assert.Empty(s.Tsas);
    }

    [Fact]
    public void All_and_exact_selectors()
    {
        var tsas = new[] { S("http://t1", 1), S("http://t2", 1), S("http://t3", 1) };
        Assert.Equal(3, SigningServices.Select(Config([], null, tsas, new(ServiceSelector.All, 0)), Now).Tsas.Count);
        Assert.Equal(["http://t1", "http://t2"], SigningServices.Select(Config([], null, tsas, new(ServiceSelector.Exact, 2)), Now).Tsas.Select(t => t.Url));
        Assert.Throws<SignetFormatException>(() => SigningServices.Select(Config([], null, tsas, new(ServiceSelector.Exact, 4)), Now));
    }

    [Fact]
    public void A_config_naming_no_log_and_no_tsa_selects_none()
    {
        var s = SigningServices.Select(Config([], null, [], null), Now);
        Assert.Empty(s.Logs);
        Assert.Empty(s.Tsas);
    }

    [Fact]
    public void Services_of_unknown_api_versions_only_are_refused_saying_which_versions()
    {
        // sigstore-go SelectServices fails too: a signature left out of the log the config asks for is not what it asks.
        var logs = Assert.Throws<SignetFormatException>(() => SigningServices.Select(Config([S("http://v3", 3)], null, [], null), Now));
        Assert.Equal("signing config: no transparency log (rekorTlogUrls) speaks an API version this client does (1, 2; it names 3)", logs.Message);
        var tsas = Assert.Throws<SignetFormatException>(() => SigningServices.Select(Config([], null, [S("http://tsa2", 2)], null), Now));
        Assert.Contains("no timestamp authority (tsaUrls) speaks an API version this client does (1; it names 2)", tsas.Message);
    }

    [Fact]
    public void Logs_not_valid_yet_by_this_clock_are_refused_naming_the_start_and_the_clock()
    {
        // A client whose clock runs behind a freshly started log's: before, it signed without any log entry (exit 0),
        // and every verifier requiring one refused the bundle.
        var e = Assert.Throws<SignetFormatException>(() => SigningServices.Select(
            Config([S("http://v2", 2, Now.AddMinutes(2)), S("http://v1", 1, Now.AddMinutes(3))], null, [S("http://tsa", 1)], null), Now));
        Assert.Equal(
            "signing config: no transparency log (rekorTlogUrls) is valid yet: the first starts at 2026-06-01T00:02:00Z, and this machine's clock says 2026-06-01T00:00:00Z (is it behind?)",
            e.Message);
    }

    [Fact]
    public void Timestamp_authorities_that_have_all_ended_are_refused_naming_the_last_end()
    {
        var e = Assert.Throws<SignetFormatException>(() => SigningServices.Select(
            Config([S("http://v2", 2)], null, [S("http://t1", 1, Now.AddDays(-9), Now.AddDays(-2)), S("http://t2", 1, Now.AddDays(-9), Now.AddDays(-1))], null), Now));
        Assert.Equal(
            "signing config: every timestamp authority (tsaUrls) has ended, the last at 2026-05-31T00:00:00Z, and this machine's clock says 2026-06-01T00:00:00Z",
            e.Message);
    }

    [Fact]
    public void Why_none_says_so_when_a_valid_service_was_left_out_by_a_selection_of_its_own()
    {
        Assert.Equal(
            "the selection of services left out every certificate authority (caUrls) valid now",
            SigningServices.WhyNone([S("http://ca", 1), new Service("http://ca-always", 1, null, null)], [1], Now, "certificate authority (caUrls)"));
    }

    [Fact]
    public void The_rekor_v1_log_a_detached_signature_is_looked_up_in_is_the_first_valid_one_or_the_reason_there_is_none()
    {
        Assert.Equal("http://v1", SigningServices.RekorV1Log(Config([S("http://v2", 2), S("http://v1-old", 1, Now.AddDays(-9), Now.AddDays(-2)), S("http://v1", 1)], null, [], null), Now, "why").Url);
        var e = Assert.Throws<SignetFormatException>(() => SigningServices.RekorV1Log(Config([S("http://v2", 2)], null, [], null), Now, "without --rekor-url, the signature is looked up in its Rekor v1 log"));
        Assert.Equal("signing config: without --rekor-url, the signature is looked up in its Rekor v1 log, and it names no Rekor v1 log (rekorTlogUrls, majorApiVersion 1)", e.Message);
    }

    [Fact]
    public void A_legacy_signature_without_a_valid_rekor_v1_log_says_why()
    {
        var e = Assert.Throws<SignetFormatException>(() => SigningServices.SelectWithRekorV1Log(
            Config([S("http://v2", 2), S("http://v1", 1, Now.AddMinutes(5))], null, [], null), Now));
        Assert.Equal(
            "signing config: cosign's legacy forms record a Rekor v1 entry, and no Rekor v1 log (rekorTlogUrls, majorApiVersion 1) is valid yet: "
            + "the first starts at 2026-06-01T00:05:00Z, and this machine's clock says 2026-06-01T00:00:00Z (is it behind?)",
            e.Message);
    }
}
