using Signet.Client.Signing;
using Signet.Core.Bundles;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A CA (with its CT log), Rekor v2 logs and TSAs in memory, with the signing config that names them, the trusted
/// root that trusts them, and the <see cref="SigningClients"/> that reach them — what a signer needs, with no server.
/// </summary>
public sealed class InMemoryServices : IDisposable
{
    /// <summary>The OIDC issuer of <see cref="Token"/>.</summary>
    public const string Issuer = InMemoryIdentityToken.Issuer;

    /// <summary>Creates the CA and <paramref name="logs"/> logs and <paramref name="timestampAuthorities"/> TSAs.</summary>
    public InMemoryServices(TimeProvider time, int logs = 1, int timestampAuthorities = 1)
    {
        Time = time;
        Ca = new InMemoryCertificateAuthority(time);
        Logs = Enumerable.Range(1, logs).Select(i => new InMemoryRekorV2Log($"log{i}.in-memory.test", Ca.ValidFrom)).ToList();
        Tsas = Enumerable.Range(1, timestampAuthorities).Select(_ => new InMemoryTimestampAuthority(time)).ToList();
    }

    /// <summary>The clock every service reads.</summary>
    public TimeProvider Time { get; }

    /// <summary>The CA.</summary>
    public InMemoryCertificateAuthority Ca { get; }

    /// <summary>The Rekor v2 logs.</summary>
    public IReadOnlyList<InMemoryRekorV2Log> Logs { get; }

    /// <summary>The timestamp authorities.</summary>
    public IReadOnlyList<InMemoryTimestampAuthority> Tsas { get; }

    /// <summary>Every service, behind the signer's seams.</summary>
    public SigningClients Clients => new(Ca, [.. Logs], [.. Tsas]);

    /// <summary>A trusted root naming every service (or the ones given).</summary>
    public TrustedRoot TrustedRoot(IEnumerable<InMemoryRekorV2Log>? logs = null, IEnumerable<InMemoryTimestampAuthority>? tsas = null) => new(
        MediaTypes.TrustedRootV01,
        (logs ?? Logs).Select(l => l.TrustedRootEntry).ToList(),
        [Ca.TrustedRootEntry],
        [Ca.CtLogEntry],
        (tsas ?? Tsas).Select(t => t.TrustedRootEntry).ToList());

    /// <summary>A signing config naming every service, all of them selected.</summary>
    public SigningConfig SigningConfig => new(
        MediaTypes.SigningConfigV02,
        [new Service("https://ca.in-memory.test", 1, new TimeRange(Ca.ValidFrom, null), null)],
        [new Service(Issuer, 1, new TimeRange(Ca.ValidFrom, null), null)],
        Logs.Select(l => new Service(l.BaseUrl, 2, new TimeRange(l.ValidFrom, null), null)).ToList(),
        new ServiceConfiguration(ServiceSelector.All, 0),
        Tsas.Select((t, i) => new Service(TsaUrl(i), 1, new TimeRange(t.ValidFrom, null), null)).ToList(),
        new ServiceConfiguration(ServiceSelector.All, 0));

    /// <summary>The in-memory services a selection from <see cref="SigningConfig"/> names, found by URL.</summary>
    public SigningClients Connect(SigningServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new(
            services.Ca is null ? null : Ca,
            services.Logs.Select(s => (ITransparencyLogClient)Logs.Single(l => l.BaseUrl == s.Url)).ToList(),
            services.Tsas.Select(s => (ITimestamper)Tsas[Enumerable.Range(0, Tsas.Count).Single(i => TsaUrl(i) == s.Url)]).ToList());
    }

    private static string TsaUrl(int index) => $"https://tsa{index + 1}.in-memory.test/api/v1/timestamp";

    /// <summary>An identity token of the in-memory issuer for <paramref name="email"/> (see <see cref="InMemoryIdentityToken"/>).</summary>
    public string Token(string email, TimeSpan? lifetime = null) => InMemoryIdentityToken.Create(email, Time.GetUtcNow(), lifetime);

    /// <summary>Disposes every service's keys.</summary>
    public void Dispose()
    {
        Ca.Dispose();
        foreach (var l in Logs)
        {
            l.Dispose();
        }

        foreach (var t in Tsas)
        {
            t.Dispose();
        }
    }
}
