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
    public void Unknown_api_versions_are_ignored()
    {
        var s = SigningServices.Select(Config([S("http://v3", 3)], null, [S("http://tsa2", 2)], null), Now);
        Assert.Empty(s.Logs);
        Assert.Empty(s.Tsas);
    }
}
