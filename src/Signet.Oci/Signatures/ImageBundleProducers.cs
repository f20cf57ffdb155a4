using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Keys;

namespace Signet.Oci.Signatures;

/// <summary>
/// The ways an image signature is made, as <see cref="BundleProducer"/>s for <see cref="ImageSigner"/>: through a
/// <see cref="SigningSession"/> — keyless (certificate from the CA, log entry, timestamp — what <c>signet sign</c>
/// does) or with a key and logged (cosign's default for <c>--key</c>), each bundle verified with Signet's verifier
/// before the producer hands it out, so nothing unverifiable reaches the registry — or with a key and nothing else
/// (cosign's <c>--tlog-upload=false</c>).
/// </summary>
public static class ImageBundleProducers
{
    /// <summary>Bundles signed and verified by <paramref name="session"/> (keyless or with its key, as the session is).</summary>
    /// <param name="session">The signer; it stays the caller's to dispose.</param>
    public static BundleProducer FromSession(SigningSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return async (payload, ct) =>
        {
            ArgumentNullException.ThrowIfNull(payload);
            var p = payload.IsDsse ? SigningPayload.ForDsse(payload.DssePayloadType!, payload.Payload) : SigningPayload.ForArtifact(payload.Payload);
            return (await session.SignAsync(p, ct).ConfigureAwait(false)).Bundle;
        };
    }

    /// <summary>No log entry, no timestamp: verifiers accept it only when told to ignore the log (and say so).</summary>
    /// <param name="key">The signing key; it stays the caller's to dispose.</param>
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
    /// <param name="config">The signing config.</param>
    /// <param name="storage">Where the signature will be stored.</param>
    /// <param name="now">The time services must be valid at.</param>
    /// <exception cref="SignetFormatException">The legacy layout was asked for and the config has no Rekor v1 log.</exception>
    public static SigningServices ServicesFor(SigningConfig config, SignatureStorage storage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (storage != SignatureStorage.Legacy)
        {
            return SigningServices.Select(config, now);
        }

        try
        {
            return SigningServices.SelectWithRekorV1Log(config, now);
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"{e.Message}; use --storage bundle", e);
        }
    }
}
