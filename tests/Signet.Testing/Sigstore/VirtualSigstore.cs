using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A whole Sigstore in memory, with no server: a CA with its CT log, a Rekor v1 log, a Rekor v2 log and a TSA, each
/// with its own keys and each built on the service's own code (Signet.Ca, Signet.Log.Rekor, Signet.Tsa), signed
/// through <see cref="BundleSigner"/> — so what it issues is exactly what the services and the client issue. It issues
/// bundles of every kind (<see cref="BundleRequest"/>) and the trusted root that trusts it.
/// </summary>
public sealed class VirtualSigstore : IDisposable
{
    /// <summary>Creates the services on <paramref name="time"/> (the system clock by default).</summary>
    public VirtualSigstore(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Ca = new InMemoryCertificateAuthority(Time);
        RekorV1 = new InMemoryRekorV1Log("rekor.in-memory.test", Time, Ca.ValidFrom);
        RekorV2 = new InMemoryRekorV2Log("log2025.in-memory.test", Ca.ValidFrom);
        Tsa = new InMemoryTimestampAuthority(Time);
    }

    /// <summary>The clock every service reads.</summary>
    public TimeProvider Time { get; }

    /// <summary>The CA (and through it the CT log).</summary>
    public InMemoryCertificateAuthority Ca { get; }

    /// <summary>The Rekor v1 log.</summary>
    public InMemoryRekorV1Log RekorV1 { get; }

    /// <summary>The Rekor v2 log.</summary>
    public InMemoryRekorV2Log RekorV2 { get; }

    /// <summary>The timestamp authority.</summary>
    public InMemoryTimestampAuthority Tsa { get; }

    /// <summary>The trusted root that trusts every service.</summary>
    public TrustedRoot TrustedRoot => new(
        MediaTypes.TrustedRootV01,
        [RekorV1.TrustedRootEntry, RekorV2.TrustedRootEntry],
        [Ca.TrustedRootEntry],
        [Ca.CtLogEntry],
        [Tsa.TrustedRootEntry]);

    /// <summary><see cref="TrustedRoot"/> as a verifier takes it.</summary>
    public TrustedMaterial TrustedMaterial => TrustedMaterial.FromTrustedRoot(TrustedRoot);

    /// <summary>An identity token of the in-memory issuer for <paramref name="email"/>.</summary>
    public IdentityToken Token(string email) => IdentityToken.Parse(InMemoryIdentityToken.Create(email, Time.GetUtcNow()));

    /// <summary>Signs, logs and timestamps as <paramref name="request"/> says, and returns the bundle.</summary>
    public async Task<Bundle> IssueAsync(BundleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MinorVersion is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"bundle v0.{request.MinorVersion} does not exist");
        }

        RekorV1.EnvelopeKind = request.EnvelopeKind;
        ITransparencyLogClient[] logs = request.Log switch
        {
            BundleLog.RekorV1 => [RekorV1],
            BundleLog.RekorV2 => [RekorV2],
            _ => [],
        };
        var clients = new SigningClients(request.CertificateProvider ?? Ca, logs, request.Timestamp ? [Tsa] : []);
        var signer = new BundleSigner(clients, Time);
        var payload = request.SigningPayload();
        var signed = request.Key is { } key
            ? await signer.SignWithKeyAsync(payload, key, CancellationToken.None).ConfigureAwait(false)
            : await signer.SignKeylessAsync(payload, Token(request.Identity), CancellationToken.None).ConfigureAwait(false);
        return AsVersion(signed.Bundle, request.MinorVersion);
    }

    /// <summary>
    /// The same bundle at another minor version: v0.1 and v0.2 carry the certificate as a one-element
    /// x509CertificateChain (protobuf-specs sigstore_bundle.proto; v0.3 replaced it with certificate).
    /// </summary>
    public static Bundle AsVersion(Bundle bundle, int minorVersion)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (minorVersion == 3)
        {
            return bundle;
        }

        var material = bundle.VerificationMaterial;
        if (material.Certificate is { } leaf)
        {
            material = material with { Certificate = null, X509CertificateChain = [leaf] };
        }

        return bundle with { MediaType = minorVersion == 1 ? MediaTypes.BundleV01 : MediaTypes.BundleV02, VerificationMaterial = material };
    }

    /// <summary>Disposes every service's keys.</summary>
    public void Dispose()
    {
        Ca.Dispose();
        RekorV1.Dispose();
        RekorV2.Dispose();
        Tsa.Dispose();
    }
}
