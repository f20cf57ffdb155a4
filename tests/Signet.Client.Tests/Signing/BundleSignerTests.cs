using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.InToto;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Signing;

/// <summary>The bundle signer with a long-lived key against a real local log (Rekor v1 and v2 APIs) and TSA.</summary>
public sealed class BundleSignerTests
{
    private static SigningServices Services(LocalSigstore server, int logVersion)
    {
        var config = SigningConfig.Parse(File.ReadAllBytes(Path.Combine(server.DataDirectory, "signing_config.v0.2.json")));
        var all = SigningServices.Select(config, DateTimeOffset.UtcNow);
        return all with { Logs = config.RekorTlogUrls.Where(s => s.MajorApiVersion == logVersion).ToList() };
    }

    [Theory]
    [InlineData(1, false, "hashedrekord", "0.0.1")]
    [InlineData(2, false, "hashedrekord", "0.0.2")]
    [InlineData(1, true, "dsse", "0.0.1")]
    [InlineData(2, true, "hashedrekord", "0.0.2")]
    public async Task Signs_logs_and_timestamps(int logVersion, bool dsse, string kind, string version)
    {
        await using var server = await LocalSigstore.StartServicesAsync("log", "tsa");
        using var http = new HttpClient();
        using var key = SigningKey.GenerateEcdsaP256();
        var payload = dsse
            ? SigningPayload.ForDsse(InTotoStatement.PayloadType, """{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"00"}}],"predicateType":"x","predicate":{}}"""u8.ToArray())
            : SigningPayload.ForArtifact("artifact"u8.ToArray());
        var signer = new BundleSigner(http, Services(server, logVersion), TimeProvider.System);

        var signed = await signer.SignWithKeyAsync(payload, key, CancellationToken.None);

        var bundle = Bundle.Parse(signed.Bundle.ToJson());
        Assert.Equal(MediaTypes.BundleV03, bundle.MediaType);
        Assert.NotNull(bundle.VerificationMaterial.PublicKey);
        Assert.Single(bundle.VerificationMaterial.Rfc3161Timestamps);
        var entry = Assert.Single(bundle.VerificationMaterial.TlogEntries);
        Assert.Equal(new KindVersion(kind, version), entry.KindVersion);
        Assert.Equal(logVersion == 1, entry.SignedEntryTimestamp is not null);
        Assert.Equal(dsse, bundle.DsseEnvelope is not null);

        // The inclusion proof really proves the canonicalized body into the checkpointed root.
        var proof = entry.InclusionProof!;
        Assert.NotNull(proof.Checkpoint);
        InclusionProof.Verify((ulong)proof.LogIndex, (ulong)proof.TreeSize, Rfc6962.HashLeaf(entry.CanonicalizedBody), proof.Hashes, proof.RootHash);
        Assert.True(signed.Timings.Total > TimeSpan.Zero);
    }

    [Fact]
    public async Task An_unreachable_log_fails_the_signing()
    {
        await using var server = await LocalSigstore.StartServicesAsync("tsa");
        using var http = new HttpClient();
        using var key = SigningKey.GenerateEcdsaP256();
        var services = new SigningServices(null, [new Service("http://127.0.0.1:1", 2, null, null)], []);
        var e = await Assert.ThrowsAsync<Signet.Client.Services.SigstoreServiceException>(
            () => new BundleSigner(http, services, TimeProvider.System).SignWithKeyAsync(SigningPayload.ForArtifact([1]), key, CancellationToken.None));
        Assert.Contains("transparency log", e.Message);
    }
}
