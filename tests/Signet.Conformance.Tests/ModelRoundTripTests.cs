using Signet.Core;
using Signet.Core.Bundles;

namespace Signet.Conformance.Tests;

public sealed class ModelRoundTripTests
{
    [Fact]
    public void The_copied_suite_has_all_70_cases()
    {
        Assert.Equal(70, ConformanceCases.Names.Count);
        Assert.Equal(21, ConformanceCases.Names.Count(ConformanceCases.ExpectPass));
    }

    public static IEnumerable<object[]> Cases => ConformanceCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_conformance_bundle_parses_writes_and_reparses_equal_or_is_rejected_as_malformed(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(ConformanceCases.Dir(name), "bundle.sigstore.json"));
        Bundle first;
        try
        {
            first = Bundle.Parse(bytes);
        }
        catch (SignetFormatException e)
        {
            // Only cases whose very point is a malformed bundle may fail to parse.
            Assert.True(MalformedBundleCases.Contains(name), $"{name}: {e.Message}");
            return;
        }

        Assert.DoesNotContain(name, MalformedBundleCases);
        var written = first.ToJson();
        var second = Bundle.Parse(written);
        Assert.Equal(written, second.ToJson());
        Assert.Equal(first.MediaType, second.MediaType);
        Assert.Equal(first.VerificationMaterial.TlogEntries.Count, second.VerificationMaterial.TlogEntries.Count);
        for (var i = 0; i < first.VerificationMaterial.TlogEntries.Count; i++)
        {
            var a = first.VerificationMaterial.TlogEntries[i];
            var b = second.VerificationMaterial.TlogEntries[i];
            Assert.Equal(a.LogIndex, b.LogIndex);
            Assert.Equal(a.IntegratedTime, b.IntegratedTime);
            Assert.Equal(a.CanonicalizedBody, b.CanonicalizedBody);
            Assert.Equal(a.InclusionProof?.Checkpoint, b.InclusionProof?.Checkpoint);
        }

        Assert.Equal(first.VerificationMaterial.LeafCertificate, second.VerificationMaterial.LeafCertificate);
        Assert.Equal(first.MessageSignature?.Signature, second.MessageSignature?.Signature);
        Assert.Equal(first.DsseEnvelope?.Payload, second.DsseEnvelope?.Payload);
        Assert.Equal(SemanticJson.Normalize(bytes), SemanticJson.Normalize(written));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_conformance_trusted_root_parses_writes_and_reparses_equal(string name)
    {
        var path = Path.Combine(ConformanceCases.Dir(name), "trusted_root.json");
        if (!File.Exists(path))
        {
            path = ConformanceCases.ProductionTrustedRoot;
        }

        var bytes = File.ReadAllBytes(path);
        TrustedRoot first;
        try
        {
            first = TrustedRoot.Parse(bytes);
        }
        catch (SignetFormatException e)
        {
            Assert.Equal("trust-root-tlog-missing-validity-start_fail", name);
            Assert.Contains("validFor.start", e.Message);
            return;
        }

        var written = first.ToJson();
        Assert.Equal(written, TrustedRoot.Parse(written).ToJson());
        Assert.Equal(SemanticJson.Normalize(bytes), SemanticJson.Normalize(written));
    }

    [Fact]
    public void Signing_config_and_client_trust_config_round_trip()
    {
        var root = File.ReadAllText(ConformanceCases.ProductionTrustedRoot);
        const string config = """
            {"mediaType":"application/vnd.dev.sigstore.signingconfig.v0.2+json",
             "caUrls":[{"url":"https://fulcio.sigstore.dev","majorApiVersion":1,"validFor":{"start":"2023-04-14T21:38:40Z"},"operator":"sigstore.dev"}],
             "oidcUrls":[{"url":"https://oauth2.sigstore.dev/auth","majorApiVersion":1,"validFor":{"start":"2025-04-16T00:00:00Z"},"operator":"sigstore.dev"}],
             "rekorTlogUrls":[{"url":"https://rekor.sigstore.dev","majorApiVersion":1,"validFor":{"start":"2021-01-12T11:53:27Z"},"operator":"sigstore.dev"}],
             "rekorTlogConfig":{"selector":"ANY"},
             "tsaUrls":[{"url":"https://timestamp.sigstore.dev/api/v1/timestamp","majorApiVersion":1,"validFor":{"start":"2025-07-04T00:00:00Z"},"operator":"sigstore.dev"}],
             "tsaConfig":{"selector":"EXACT","count":1}}
            """;
        var sc = SigningConfig.Parse(System.Text.Encoding.UTF8.GetBytes(config));
        Assert.Equal(ServiceSelector.Any, sc.RekorTlogConfig!.Selector);
        Assert.Equal(1, sc.TsaConfig!.Count);
        Assert.Equal(SemanticJson.Normalize(System.Text.Encoding.UTF8.GetBytes(config)), SemanticJson.Normalize(sc.ToJson()));

        var ctc = $$"""{"mediaType":"application/vnd.dev.sigstore.clienttrustconfig.v0.1+json","trustedRoot":{{root}},"signingConfig":{{config}}}""";
        var parsed = ClientTrustConfig.Parse(System.Text.Encoding.UTF8.GetBytes(ctc));
        Assert.Equal(2, parsed.TrustedRoot.Tlogs.Count);
        Assert.Equal(parsed.ToJson(), ClientTrustConfig.Parse(parsed.ToJson()).ToJson());
    }

    private static readonly string[] MalformedBundleCases =
    [
        "bundle-malformed-json_fail",
        "bundle-unknown-version_fail",
        "bundle-invalid-base64-signature_fail",
        "bundle-negative-log-index_fail",
        "bundle-empty-certificate-chain_fail",
    ];
}
