using System.Text.Json;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>
/// Image signing through the real signing orchestration (key + local Rekor v1 log + TSA from signet serve's
/// composition), stored in both layouts in the real registry: the legacy annotations carry the log's signed entry
/// timestamp and the RFC 3161 timestamp as cosign writes them, and read back into the same log entry.
/// </summary>
public sealed class LoggedImageSigningTests : IAsyncLifetime, IDisposable
{
    private readonly RegistryServer _registry = new();
    private readonly HttpClient _http = new();
    private LocalSigstore _services = null!;
    private SigningServices _signing = null!;

    public async Task InitializeAsync()
    {
        _services = await LocalSigstore.StartServicesAsync("log", "tsa");
        var config = SigningConfig.Parse(File.ReadAllBytes(Path.Combine(_services.DataDirectory, "signing_config.v0.2.json")));
        _signing = SigningServices.Select(config, DateTimeOffset.UtcNow) with { Logs = config.RekorTlogUrls.Where(s => s.MajorApiVersion == 1).ToList() };
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _registry.Dispose();
    }

    private BundleProducer Logged(SigningKey key, List<Bundle> made) => async (payload, ct) =>
    {
        var p = payload.IsDsse ? SigningPayload.ForDsse(payload.DssePayloadType!, payload.Payload) : SigningPayload.ForArtifact(payload.Payload);
        var bundle = (await new BundleSigner(_http, _signing, TimeProvider.System).SignWithKeyAsync(p, key, ct)).Bundle;
        made.Add(bundle);
        return bundle;
    };

    [Fact]
    public async Task Legacy_layer_carries_the_rekor_set_and_timestamp_and_reads_back_to_the_same_entry()
    {
        using var client = new RegistryClient(_registry.Registry);
        await TestImages.PushImageAsync(client, "logged/app", "v1", "logged");
        var image = ImageReference.Parse($"{_registry.Registry}/logged/app:v1");
        var target = await client.ResolveAsync(image);
        using var key = SigningKey.GenerateEcdsaP256();
        var made = new List<Bundle>();

        await ImageSigner.SignAsync(client, image, target, Logged(key, made), SignatureStorage.Legacy, TimeProvider.System);
        await ImageSigner.SignAsync(client, image, target, Logged(key, made), SignatureStorage.Bundle, TimeProvider.System);

        var found = await SignatureDiscovery.FindAsync(client, "logged/app", target.Digest);
        var layer = Assert.Single(found.Legacy);
        Assert.Equal(OciMediaTypes.CosignSimpleSigning, layer.MediaType);
        Assert.Equal(target.Digest, SimpleSigningPayload.Parse(layer.Payload).ManifestDigest);

        // SIGNATURE_SPEC §bundle: {"SignedEntryTimestamp", "Payload": {body, integratedTime, logIndex, logID}}.
        using var rekor = JsonDocument.Parse(layer.RekorBundleJson!);
        var signedEntry = made[0].VerificationMaterial.TlogEntries[0];
        Assert.Equal(signedEntry.LogIndex, rekor.RootElement.GetProperty("Payload").GetProperty("logIndex").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(signedEntry.LogId), rekor.RootElement.GetProperty("Payload").GetProperty("logID").GetString());
        Assert.NotNull(layer.Rfc3161TimestampJson);
        Assert.Null(layer.CertificatePem); // signed with a key: no certificate annotation
        Assert.Equal(made[0].MessageSignature!.Signature, layer.Signature);

        // Read back: the same log entry (minus the inclusion proof, which the legacy layout has no place for).
        var back = LegacyBundleConversion.ToBundle(layer);
        var entry = Assert.Single(back.VerificationMaterial.TlogEntries);
        Assert.Equal(signedEntry.LogIndex, entry.LogIndex);
        Assert.Equal(signedEntry.LogId, entry.LogId);
        Assert.Equal(signedEntry.IntegratedTime, entry.IntegratedTime);
        Assert.Equal(signedEntry.SignedEntryTimestamp, entry.SignedEntryTimestamp);
        Assert.Equal(signedEntry.CanonicalizedBody, entry.CanonicalizedBody);
        Assert.Equal(signedEntry.KindVersion, entry.KindVersion);
        Assert.Equal(made[0].VerificationMaterial.Rfc3161Timestamps[0].SignedTimestamp, Assert.Single(back.VerificationMaterial.Rfc3161Timestamps).SignedTimestamp);
        Assert.Equal(MediaTypes.BundleV01, back.MediaType);

        // Bundle layout: the stored bundle is exactly the one the signer made, with its log entry and proof.
        var stored = Bundle.Parse(Assert.Single(found.Bundles).BundleJson);
        Assert.Equal(made[1].ToJson(), stored.ToJson());
        Assert.NotNull(stored.VerificationMaterial.TlogEntries[0].InclusionProof);
        Assert.NotNull(stored.DsseEnvelope);
    }
}
