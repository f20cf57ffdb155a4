using System.Net;
using Signet.Admission.Verification;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Hosting.Observability;
using Signet.Oci;

namespace Signet.Admission.Hosting;

/// <summary>The settings of <c>signet admission serve</c>, validated once at start (<see cref="Validate"/>).</summary>
public sealed record AdmissionServerOptions
{
    /// <summary>A policy file, or a directory of them (a mounted ConfigMap).</summary>
    public required string Policies { get; init; }

    /// <summary>The serving certificate (PEM; the chain may follow the leaf).</summary>
    public required string TlsCertificate { get; init; }

    /// <summary>The serving certificate's private key (PEM).</summary>
    public required string TlsKey { get; init; }

    /// <summary>Where to listen (port 0 picks one).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 8443);

    /// <summary>The trusted root signatures are verified against, fixed; or give <see cref="TrustSource"/>.</summary>
    public ITrustedMaterial? Trust { get; init; }

    /// <summary>Where the trusted root is read from, and again every poll (<see cref="TrustWatcher"/>); or give <see cref="Trust"/>.</summary>
    public TrustSource? TrustSource { get; init; }

    /// <summary>Registry credentials (a docker config.json), or none.</summary>
    public IRegistryCredentialSource? RegistryCredentials { get; init; }

    /// <summary>Allow plain HTTP to registries that are not on loopback.</summary>
    public bool AllowInsecureRegistry { get; init; }

    /// <summary>What an image no policy matches gets.</summary>
    public NoMatchAction NoMatch { get; init; } = NoMatchAction.Deny;

    /// <summary>How long a verification result is kept (zero: not kept).</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The cache's memory bound (an estimate of the results' size).</summary>
    public long CacheMaxBytes { get; init; } = 64L << 20;

    /// <summary>How often the policy files are polled for changes (a watcher also reloads at once).</summary>
    public TimeSpan PolicyPoll { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Metrics, traces and log format, as for <c>signet serve</c> (<c>--metrics</c>, <c>--otlp-endpoint</c>, <c>--log-format</c>).</summary>
    public ObservabilityOptions Observability { get; init; } = new();

    /// <summary>Checks the settings.</summary>
    /// <exception cref="SignetConfigurationException">A setting is out of range or a file is missing.</exception>
    public void Validate()
    {
        if (CacheTtl < TimeSpan.Zero || CacheTtl > TimeSpan.FromDays(1))
        {
            throw new SignetConfigurationException($"cache TTL {CacheTtl} is outside 0 .. 24 h");
        }

        if (CacheMaxBytes < 1024)
        {
            throw new SignetConfigurationException($"cache size {CacheMaxBytes} bytes is below the minimum of 1024");
        }

        if ((Trust is null) == (TrustSource is null))
        {
            throw new SignetConfigurationException("give the trust either fixed (Trust) or as a source read again (TrustSource)");
        }

        if (TrustSource is { Poll: var trustPoll } && trustPoll < TimeSpan.FromMilliseconds(100))
        {
            throw new SignetConfigurationException($"trusted root poll interval {trustPoll} is below 100 ms");
        }

        if (PolicyPoll < TimeSpan.FromMilliseconds(100))
        {
            throw new SignetConfigurationException($"policy poll interval {PolicyPoll} is below 100 ms");
        }

        try
        {
            Observability.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SignetConfigurationException(e.Message, e);
        }

        foreach (var (what, path) in new[] { ("TLS certificate", TlsCertificate), ("TLS key", TlsKey) })
        {
            if (!File.Exists(path))
            {
                throw new SignetConfigurationException($"{what} {path} does not exist");
            }
        }
    }
}
