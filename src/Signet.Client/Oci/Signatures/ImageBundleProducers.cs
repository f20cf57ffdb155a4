using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundle;
using Signet.Core.Keys;

namespace Signet.Client.Oci.Signatures;

/// <summary>
/// The ways an image signature is made, as <see cref="BundleProducer"/>s for <see cref="ImageSigner"/>: keyless
/// (certificate from the CA, log entry, timestamp — what <c>signet sign</c> does), with a key and logged (cosign's
/// default for <c>--key</c>), or with a key and nothing else (cosign's <c>--tlog-upload=false</c>). Logged bundles are
/// verified with Signet's verifier before the producer hands them out, so nothing unverifiable reaches the registry.
/// </summary>
public static class ImageBundleProducers
{
    public static BundleProducer Keyless(BundleSigner signer, IdentityToken token, TrustedRoot trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(trustedRoot);
        return async (payload, ct) =>
        {
            var p = ToSigningPayload(payload);
            var signed = await signer.SignKeylessAsync(p, token, ct).ConfigureAwait(false);
            SelfVerification.Verify(signed, p, trustedRoot, token, null);
            return signed.Bundle;
        };
    }

    public static BundleProducer WithKey(BundleSigner signer, SigningKey key, TrustedRoot trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(trustedRoot);
        return async (payload, ct) =>
        {
            var p = ToSigningPayload(payload);
            var signed = await signer.SignWithKeyAsync(p, key, ct).ConfigureAwait(false);
            SelfVerification.Verify(signed, p, trustedRoot, null, key.PublicKey);
            return signed.Bundle;
        };
    }

    /// <summary>No log entry, no timestamp: verifiers accept it only when told to ignore the log (and say so).</summary>
    public static BundleProducer OfflineWithKey(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (payload, _) => Task.FromResult(ImageSigner.SignWithKeyOffline(payload, key));
    }

    /// <summary>
    /// The services for a signature stored in <paramref name="storage"/>. The legacy layout has room for a Rekor v1
    /// signed entry timestamp only (SIGNATURE_SPEC §Properties, annotation <c>dev.sigstore.cosign/bundle</c>), so it
    /// logs to a Rekor v1 log; the bundle layout takes what the signing config selects.
    /// </summary>
    /// <exception cref="SignetFormatException">The legacy layout was asked for and the config has no Rekor v1 log.</exception>
    public static SigningServices ServicesFor(SigningConfig config, SignatureStorage storage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        var services = SigningServices.Select(config, now);
        if (storage != SignatureStorage.Legacy || services.Logs.All(l => l.MajorApiVersion == 1))
        {
            return services;
        }

        var v1 = config.RekorTlogUrls.FirstOrDefault(s => s.MajorApiVersion == 1 && s.IsValidAt(now))
            ?? throw new SignetFormatException("signing config: the legacy layout records a Rekor v1 entry, and no Rekor v1 log (majorApiVersion 1) is valid now; use --storage bundle");
        return services with { Logs = [v1] };
    }

    private static SigningPayload ToSigningPayload(ImageSigningPayload payload) =>
        payload.IsDsse ? SigningPayload.ForDsse(payload.DssePayloadType!, payload.Payload) : SigningPayload.ForArtifact(payload.Payload);
}
