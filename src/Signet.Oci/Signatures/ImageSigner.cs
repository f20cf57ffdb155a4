using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.InToto;

namespace Signet.Oci.Signatures;

/// <summary>Where a new signature is stored: cosign v3's OCI 1.1 bundle artifact (default) or the legacy tag layout.</summary>
public enum SignatureStorage
{
    /// <summary>cosign v3: a Sigstore bundle in an OCI 1.1 artifact whose subject is the image.</summary>
    Bundle,
    /// <summary>cosign's legacy layout: a layer of the <c>sha256-HEX.sig</c> / <c>.att</c> image.</summary>
    Legacy,
}

/// <summary>What has to be signed: bytes for a message signature, or a payload to wrap in a DSSE envelope.</summary>
public sealed record ImageSigningPayload(byte[] Payload, string? DssePayloadType)
{
    /// <summary>Whether the payload is to be wrapped in a DSSE envelope.</summary>
    public bool IsDsse => DssePayloadType is not null;
}

/// <summary>Makes a Sigstore bundle for a payload: keyless or with a key, logged or not — the caller decides.</summary>
public delegate Task<Bundle> BundleProducer(ImageSigningPayload payload, CancellationToken cancellationToken);

/// <summary>
/// Signs and attests images in either layout. Signing covers the manifest digest: in the bundle layout through an
/// in-toto statement (cosign v3's predicate <c>https://sigstore.dev/cosign/sign/v1</c>) whose subject is the image;
/// in the legacy layout through a simple-signing payload naming the digest.
/// </summary>
public static class ImageSigner
{
    /// <summary>Signs <paramref name="target"/> (a manifest or index of <paramref name="image"/>'s repository) and stores the signature.</summary>
    public static async Task<OciDigest> SignAsync(RegistryClient client, ImageReference image, ManifestContent target, BundleProducer produce,
        SignatureStorage storage, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(produce);
        if (storage == SignatureStorage.Legacy)
        {
            var payload = SimpleSigningPayload.Create(image.Name, target.Digest);
            var bundle = await produce(new ImageSigningPayload(payload, null), cancellationToken).ConfigureAwait(false);
            var layer = LegacyBundleConversion.ToLayer(bundle, payload);
            return await LegacySignatureLayout.AppendAsync(client, image.Repository, target.Digest, layer, CosignAnnotations.SignatureTagSuffix, cancellationToken)
                .ConfigureAwait(false);
        }

        var statement = Statement(image, target.Digest, CosignAnnotations.CosignSignPredicateType, "{}"u8);
        var signed = await produce(new ImageSigningPayload(statement, InTotoStatement.PayloadType), cancellationToken).ConfigureAwait(false);
        var d = await BundleArtifactLayout.AttachAsync(client, image.Repository, target.ToDescriptor(), signed.ToJson(), "dsse-envelope",
            CosignAnnotations.CosignSignPredicateType, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return d.ParsedDigest;
    }

    /// <summary>Attests <paramref name="predicateJson"/> of <paramref name="predicateType"/> about <paramref name="target"/>.</summary>
    public static async Task<OciDigest> AttestAsync(RegistryClient client, ImageReference image, ManifestContent target, string predicateType,
        ReadOnlyMemory<byte> predicateJson, BundleProducer produce, SignatureStorage storage, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(produce);
        var statement = Statement(image, target.Digest, predicateType, predicateJson.Span);
        var bundle = await produce(new ImageSigningPayload(statement, InTotoStatement.PayloadType), cancellationToken).ConfigureAwait(false);
        if (storage == SignatureStorage.Legacy)
        {
            var layer = LegacyBundleConversion.ToLayer(bundle, statement, predicateType);
            return await LegacySignatureLayout.AppendAsync(client, image.Repository, target.Digest, layer, CosignAnnotations.AttestationTagSuffix, cancellationToken)
                .ConfigureAwait(false);
        }

        var d = await BundleArtifactLayout.AttachAsync(client, image.Repository, target.ToDescriptor(), bundle.ToJson(), "dsse-envelope",
            predicateType, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return d.ParsedDigest;
    }

    /// <summary>An in-toto Statement v1 about the image: subject = repository name + manifest digest.</summary>
    public static byte[] Statement(ImageReference image, OciDigest digest, string predicateType, ReadOnlySpan<byte> predicateJson)
    {
        ArgumentNullException.ThrowIfNull(image);
        var statement = new InTotoStatement(
            [new InTotoSubject(image.Name, new Dictionary<string, string> { [digest.Algorithm] = digest.Hex })],
            predicateType,
            InTotoStatement.ParsePredicate(predicateJson));
        return statement.Serialize();
    }

    /// <summary>A bundle signed with a local key and nothing else: no certificate, log entry or timestamp (cosign's <c>--tlog-upload=false</c>).</summary>
    public static Bundle SignWithKeyOffline(ImageSigningPayload payload, Core.Keys.SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var material = new VerificationMaterial(new PublicKeyIdentifier(null), null, null, [], []);
        if (payload.IsDsse)
        {
            var env = Core.Dsse.Dsse.Sign(payload.DssePayloadType!, payload.Payload, key);
            return new Bundle(MediaTypes.BundleV03, material, null,
                new Envelope(env.Payload, env.PayloadType, env.Signatures.Select(s => new EnvelopeSignature(s.Sig, s.KeyId)).ToList()));
        }

        return new Bundle(MediaTypes.BundleV03, material,
            new MessageSignature(new HashOutput("SHA2_256", SHA256.HashData(payload.Payload)), key.Sign(payload.Payload)), null);
    }
}
