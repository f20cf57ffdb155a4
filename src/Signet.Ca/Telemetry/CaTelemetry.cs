using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Signet.Ca.Telemetry;

/// <summary>
/// The CA's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <see cref="Name"/>) and spans
/// (<see cref="ActivitySource"/> of the same name): certificates issued by OIDC issuer, requests refused by reason,
/// and one span per issuance (token, identity, proof, precertificate, CT, certificate).
/// </summary>
public static class CaTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Signet.Ca";

    /// <summary>The tag naming the configured OIDC issuer a token was accepted from.</summary>
    public const string IssuerTag = "signet.ca.oidc_issuer";

    private static readonly Meter Meter = new(Name, typeof(CaTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(CaTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> CertificatesIssued = Meter.CreateCounter<long>(
        "signet.ca.certificates.issued", "{certificate}", "Signing certificates issued, by the configured OIDC issuer (URL) and its type");

    internal static readonly Counter<long> RequestsRefused = Meter.CreateCounter<long>(
        "signet.ca.requests.refused", "{request}", "Certificate requests refused before anything was signed, by reason");
}
