using Signet.Client.Services;
using Signet.Core.Bundles;

namespace Signet.Client.Signing;

/// <summary>
/// The services one signing talks to, behind their seams: the certificate provider (keyless only), the transparency
/// logs and the timestamp authorities. <see cref="Connect"/> builds the HTTP clients a <see cref="SigningServices"/>
/// selection names; tests and embedders put their own implementations here instead.
/// </summary>
/// <param name="CertificateProvider">The CA, or null when the selection has none (then only key signing works).</param>
/// <param name="TransparencyLogs">The logs every signature is recorded in.</param>
/// <param name="Timestampers">The TSAs every signature is time-stamped by.</param>
public sealed record SigningClients(
    ICertificateProvider? CertificateProvider,
    IReadOnlyList<ITransparencyLogClient> TransparencyLogs,
    IReadOnlyList<ITimestamper> Timestampers)
{
    /// <summary>
    /// The HTTP clients for <paramref name="services"/>: Fulcio v2 for the CA, Rekor v1 or v2 for each log as its
    /// <c>majorApiVersion</c> says, RFC 3161 over HTTP for each TSA, all sending through <paramref name="http"/>.
    /// </summary>
    /// <param name="services">The services chosen from a signing config.</param>
    /// <param name="http">The HTTP client every request goes through (not disposed here).</param>
    public static SigningClients Connect(SigningServices services, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(http);
        return new SigningClients(
            services.Ca is { } ca ? new FulcioClient(http, new Uri(ca.Url)) : null,
            services.Logs.Select(log => LogClient(log, http)).ToList(),
            services.Tsas.Select(tsa => (ITimestamper)new TimestampClient(http, new Uri(tsa.Url))).ToList());
    }

    private static ITransparencyLogClient LogClient(Service log, HttpClient http) =>
        log.MajorApiVersion == 2 ? new RekorV2Client(http, new Uri(log.Url)) : new RekorV1Client(http, new Uri(log.Url));
}
