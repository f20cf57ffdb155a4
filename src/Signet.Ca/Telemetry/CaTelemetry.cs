using System.Diagnostics.Metrics;
using Signet.Core.Telemetry;

namespace Signet.Ca.Telemetry;

/// <summary>
/// The CA's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>Signet.Ca</c>) and spans
/// (<see cref="System.Diagnostics.ActivitySource"/> of the same name): certificates issued by OIDC issuer, requests refused by reason,
/// and one span per issuance (token, identity, proof, precertificate, CT, certificate).
/// </summary>
public static class CaTelemetry
{
    /// <summary>The tag naming the configured OIDC issuer a token was accepted from.</summary>
    public const string IssuerTag = "signet.ca.oidc_issuer";

    internal static readonly TelemetrySource Source = new(typeof(CaTelemetry).Assembly);

    internal static readonly Counter<long> CertificatesIssued = Source.Meter.CreateCounter<long>(
        "signet.ca.certificates.issued", "{certificate}", "Signing certificates issued, by the configured OIDC issuer (URL) and its type");

    internal static readonly Counter<long> RequestsRefused = Source.Meter.CreateCounter<long>(
        "signet.ca.requests.refused", "{request}", "Certificate requests refused before anything was signed, by reason");
}
