using System.Net;
using System.Text;
using System.Text.Json;
using Signet.Admission.Verification;
using Signet.Core.Verification;
using Signet.Oci;
using Signet.Oci.Signatures;
using Signet.Oci.Tests;
using Signet.Testing.Tls;
using static Signet.Admission.Tests.Policies;

namespace Signet.Admission.Tests;

/// <summary>
/// The webhook over HTTPS as the API server drives it (AdmissionReview v1 JSON, application/json, <c>?timeout=</c>)
/// against images signed keyless by Signet in the real docker-registry with the local Sigstore's CA, log and TSA.
/// </summary>
public sealed class AdmissionWebhookTests(SigningRegistryFixture fixture) : IClassFixture<SigningRegistryFixture>
{
    private ITrustedMaterial Trust => TrustedMaterial.FromTrustedRoot(fixture.TrustedRoot);

    private string AliceOnly(string name = "alice-signed") => Cip(name, Keyless(fixture.Services.Issuer, Alice));

    private async Task<(string Image, OciDigest Digest)> PushAsync(string repository, string tag, string? signer)
    {
        using var c = fixture.Client();
        var manifest = await TestImages.PushImageAsync(c, repository, tag, $"{repository}:{tag} {Guid.NewGuid()}");
        var image = fixture.Ref($"{repository}:{tag}");
        if (signer is not null)
        {
            await ImageSigner.SignAsync(c, image, manifest, await fixture.KeylessAsync(signer, SignatureStorage.Bundle), SignatureStorage.Bundle, TimeProvider.System);
        }

        return (image.ToString(), manifest.Digest);
    }

    [Fact]
    public async Task Signed_by_the_right_identity_is_allowed_for_every_kind_and_the_uid_is_echoed()
    {
        var (image, _) = await PushAsync("admission/right", "v1", Alice);
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        foreach (var (_, _, kind, _) in Reviews.Kinds)
        {
            var uid = Guid.NewGuid().ToString();
            var response = await webhook.ReviewAsync(Reviews.For(Reviews.Workload(kind, Reviews.PodSpec([image], init: [image])), uid));
            Assert.Equal(uid, response.GetProperty("uid").GetString());
            Assert.True(response.GetProperty("allowed").GetBoolean(), $"{kind}: {response}");
        }

        Assert.Equal(1, webhook.Cache.Evaluations); // one image, one policy: verified once, then cached
    }

    [Fact]
    public async Task Wrong_identity_is_denied_naming_the_image_the_policy_and_the_authority()
    {
        var (image, digest) = await PushAsync("admission/wrong", "v1", Bob);
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        var response = await webhook.ReviewAsync(Reviews.For(Reviews.Workload("Deployment", Reviews.PodSpec([image]))));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        var status = response.GetProperty("status");
        Assert.Equal(403, status.GetProperty("code").GetInt32());
        var message = status.GetProperty("message").GetString()!;
        Assert.Contains($"spec.template.spec.containers[0].image: image {image} ({digest}): policy alice-signed", message, StringComparison.Ordinal);
        Assert.Contains("authority signed-by-alice (keyless)", message, StringComparison.Ordinal);
        Assert.Contains(Bob, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_root_updated_in_its_configmap_is_used_without_a_restart_and_a_broken_one_is_not()
    {
        var (image, _) = await PushAsync("admission/trust-reload", "v1", Alice);
        // The webhook's --trusted-root in a mounted ConfigMap that does not list the local Sigstore yet (a rotation that
        // has not reached the cluster): Alice's signature is refused.
        var dir = Directory.CreateTempSubdirectory("signet-admission-trust-").FullName;
        try
        {
            var configMap = new SecretVolume(Path.Combine(dir, "trust"), new Dictionary<string, string> { ["trusted_root.json"] = """{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}""" });
            var path = configMap.PathOf("trusted_root.json");
            var source = new TrustSource(path, _ => Task.FromResult(File.ReadAllBytes(path)), TimeSpan.FromMilliseconds(200));
            await using var webhook = await WebhookHost.StartAsync(null, AliceOnly(), trustSource: source);
            Assert.False((await webhook.ReviewAsync(Reviews.Pod(image))).GetProperty("allowed").GetBoolean());

            // The ConfigMap updated with the root that lists it: allowed without a restart (before, the root read at the
            // start stayed in force until the pod was restarted).
            configMap.Update(new Dictionary<string, string> { ["trusted_root.json"] = Encoding.UTF8.GetString(fixture.TrustedRoot.ToJson()) });
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(await webhook.ReviewAsync(Reviews.Pod(image))).GetProperty("allowed").GetBoolean())
            {
                Assert.True(DateTime.UtcNow < deadline, "the updated trusted root was not used within 20 s");
                await Task.Delay(200);
            }

            // A broken update: the root in force stays, and /healthz says why.
            configMap.Update(new Dictionary<string, string> { ["trusted_root.json"] = """{"mediaType":""" });
            deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(await webhook.HealthAsync()).Contains("last trusted root reload refused", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "the broken trusted root was not reported within 20 s");
                await Task.Delay(200);
            }

            Assert.True((await webhook.ReviewAsync(Reviews.Pod(image))).GetProperty("allowed").GetBoolean());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Unsigned_is_denied()
    {
        var (image, _) = await PushAsync("admission/unsigned", "v1", signer: null);
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        var response = await webhook.ReviewAsync(Reviews.Pod(image));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Contains("no valid signatures found", response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_moved_after_signing_is_denied_while_the_signed_digest_is_allowed()
    {
        var (image, signedDigest) = await PushAsync("admission/moved", "v1", Alice);
        var (_, movedDigest) = await PushAsync("admission/moved", "v1", signer: null); // the tag now names other content
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());

        var byTag = await webhook.ReviewAsync(Reviews.Pod(image));
        Assert.False(byTag.GetProperty("allowed").GetBoolean());
        var message = byTag.GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains(movedDigest.ToString(), message, StringComparison.Ordinal);
        Assert.Contains("no valid signatures found", message, StringComparison.Ordinal);

        var byDigest = await webhook.ReviewAsync(Reviews.Pod($"{image}@{signedDigest}"));
        Assert.True(byDigest.GetProperty("allowed").GetBoolean(), byDigest.ToString());
    }

    [Fact]
    public async Task An_attestation_rule_decides_and_a_failing_rule_is_denied_with_its_reason()
    {
        using var c = fixture.Client();
        var manifest = await TestImages.PushImageAsync(c, "admission/attested", "v1", "attested " + Guid.NewGuid());
        var image = fixture.Ref("admission/attested:v1");
        await ImageSigner.AttestAsync(c, image, manifest, Provenance, """{"builder":{"id":"https://builder.example/v1"}}"""u8.ToArray(),
            await fixture.KeylessAsync(Alice, SignatureStorage.Bundle), SignatureStorage.Bundle, TimeProvider.System);

        var passing = Cip("built-right", Keyless(fixture.Services.Issuer, Alice, "alice-provenance", ProvenanceRule("predicate.builder.id == 'https://builder.example/v1'")));
        await using (var webhook = await WebhookHost.StartAsync(Trust, passing))
        {
            var ok = await webhook.ReviewAsync(Reviews.Pod(image.ToString()));
            Assert.True(ok.GetProperty("allowed").GetBoolean(), ok.ToString());
        }

        var failing = Cip("built-elsewhere", Keyless(fixture.Services.Issuer, Alice, "alice-provenance", ProvenanceRule("predicate.builder.id == 'https://other.example/v1'")));
        await using (var webhook = await WebhookHost.StartAsync(Trust, failing))
        {
            var denied = await webhook.ReviewAsync(Reviews.Pod(image.ToString()));
            Assert.False(denied.GetProperty("allowed").GetBoolean());
            var message = denied.GetProperty("status").GetProperty("message").GetString()!;
            Assert.Contains("policy built-elsewhere", message, StringComparison.Ordinal);
            Assert.Contains("authority alice-provenance (keyless): attestation built-by: ", message, StringComparison.Ordinal);
            Assert.Contains("rule 'built-by' failed", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Warn_mode_admits_with_a_warning_and_enforce_alongside_still_decides()
    {
        var (image, _) = await PushAsync("admission/warn", "v1", signer: null);
        var warnOnly = Cip("audit", Keyless(fixture.Services.Issuer, Alice), mode: "warn");
        await using (var webhook = await WebhookHost.StartAsync(Trust, warnOnly))
        {
            var response = await webhook.ReviewAsync(Reviews.Pod(image));
            Assert.True(response.GetProperty("allowed").GetBoolean());
            var warning = Assert.Single(response.GetProperty("warnings").EnumerateArray()).GetString()!;
            Assert.StartsWith("spec.containers[0].image: failed policy: audit (mode warn): image " + image, warning, StringComparison.Ordinal);
        }

        // Every matching policy applies: a warn-mode one warns, an enforcing one that fails still refuses.
        var both = warnOnly + "\n---\n" + Cip("must-pass", Static(pass: false));
        await using (var webhook = await WebhookHost.StartAsync(Trust, both))
        {
            var response = await webhook.ReviewAsync(Reviews.Pod(image));
            Assert.False(response.GetProperty("allowed").GetBoolean());
            Assert.Contains("policy must-pass", response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Single(response.GetProperty("warnings").EnumerateArray());
        }
    }

    [Fact]
    public async Task Mutate_pins_each_tag_to_the_verified_digest_with_a_base64_json_patch()
    {
        var (image, digest) = await PushAsync("admission/pin", "v1", Alice);
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        var pinned = $"{image}@{digest}";
        var response = await webhook.ReviewAsync(Reviews.For(Reviews.Workload("CronJob", Reviews.PodSpec([image, pinned], init: [image]))), mutate: true);
        Assert.True(response.GetProperty("allowed").GetBoolean(), response.ToString());
        Assert.Equal("JSONPatch", response.GetProperty("patchType").GetString());
        using var patch = JsonDocument.Parse(Convert.FromBase64String(response.GetProperty("patch").GetString()!));
        var ops = patch.RootElement.EnumerateArray().Select(o => (o.GetProperty("op").GetString(), o.GetProperty("path").GetString(), o.GetProperty("value").GetString())).ToArray();
        const string Spec = "/spec/jobTemplate/spec/template/spec";
        Assert.Equal([("replace", $"{Spec}/initContainers/0/image", pinned), ("replace", $"{Spec}/containers/0/image", pinned)], ops);

        // Validation answers no patch; a denied image gets none either.
        Assert.False((await webhook.ReviewAsync(Reviews.Pod(image))).TryGetProperty("patch", out _));
        var (unsigned, _) = await PushAsync("admission/pin-unsigned", "v1", signer: null);
        var denied = await webhook.ReviewAsync(Reviews.Pod(unsigned), mutate: true);
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.False(denied.TryGetProperty("patch", out _));
    }

    [Fact]
    public async Task An_unreachable_registry_fails_closed_and_says_so()
    {
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        var response = await webhook.ReviewAsync(Reviews.Pod("127.0.0.1:1/app/web:v1"));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        var message = response.GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains("image 127.0.0.1:1/app/web:v1: cannot resolve its digest: registry 127.0.0.1:1", message, StringComparison.Ordinal);
        Assert.Contains("fail closed under policy alice-signed", message, StringComparison.Ordinal);
        Assert.Equal(0, webhook.Cache.Count); // nothing cached: the next review asks the registry again
    }

    [Fact]
    public async Task Concurrent_reviews_of_one_digest_verify_it_once()
    {
        var (image, _) = await PushAsync("admission/flight", "v1", Alice);
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => webhook.ReviewAsync(Reviews.Pod(image))));
        Assert.All(responses, r => Assert.True(r.GetProperty("allowed").GetBoolean()));
        Assert.Equal(1, webhook.Cache.Evaluations);
    }

    [Fact]
    public async Task A_review_that_cannot_be_decided_within_its_timeout_is_denied_in_time()
    {
        var (image, _) = await PushAsync("admission/slow", "v1", Alice);
        await using var webhook = await WebhookHost.StartAsync(Trust, AliceOnly());
        var started = DateTime.UtcNow;
        var (status, body) = await webhook.PostAsync("/validate", Reviews.Pod(image), timeout: "2ms");
        Assert.Equal(HttpStatusCode.OK, status);
        var response = Reviews.Response(body);
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Contains("did not finish within the review's time budget", response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Policies_reload_atomically_when_their_files_change_and_a_broken_file_keeps_the_old_set()
    {
        var (image, _) = await PushAsync("admission/reload", "v1", Alice);
        await using var webhook = await WebhookHost.StartAsync(Trust, Cip("only-bob", Keyless(fixture.Services.Issuer, Bob, "signed-by-bob")));
        Assert.False((await webhook.ReviewAsync(Reviews.Pod(image))).GetProperty("allowed").GetBoolean());

        var file = Path.Combine(webhook.Directory, "policies", "policy.yaml");
        await ReplaceAsync(file, AliceOnly());
        await WaitForAsync(webhook, () => webhook.Policies.Current.Policies.Any(p => p.Policy.Name == "alice-signed"));
        Assert.True((await webhook.ReviewAsync(Reviews.Pod(image))).GetProperty("allowed").GetBoolean());

        await ReplaceAsync(file, "apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nspec: [broken\n");
        await WaitForAsync(webhook, () => webhook.Policies.LastError is not null);
        Assert.Equal("alice-signed", Assert.Single(webhook.Policies.Current.Policies).Policy.Name);
        Assert.True((await webhook.ReviewAsync(Reviews.Pod(image))).GetProperty("allowed").GetBoolean());
    }

    private static async Task ReplaceAsync(string file, string content)
    {
        // As a ConfigMap volume updates: write aside, then rename over (readers see the old file or the new one).
        // Encoding.UTF8 writes a byte order mark, which YAML allows at the start of a stream.
        var temp = file + ".tmp";
        await File.WriteAllTextAsync(temp, content, Encoding.UTF8);
        File.Move(temp, file, overwrite: true);
    }

    private static async Task WaitForAsync(WebhookHost webhook, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the policies were not reloaded within 20 s: in force {string.Join(", ", webhook.Policies.Current.Policies.Select(p => p.Policy.Name))}, "
                + $"last error {webhook.Policies.LastError ?? "none"}, files {string.Join(", ", Directory.GetFiles(Path.Combine(webhook.Directory, "policies")))}");
            await Task.Delay(50);
        }
    }
}
