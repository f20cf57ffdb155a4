using System.Net;
using System.Text.Json;
using Signet.Admission.Reviews;
using Signet.Admission.Verification;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using static Signet.Admission.Tests.Policies;

namespace Signet.Admission.Tests;

/// <summary>
/// The review protocol without a registry: malformed reviews (400, problem+json), content type (415), size (413),
/// every container list of every kind, operations without an object, <c>--no-match</c>, and the timeout parameter.
/// Images are given by digest and policies are static, so nothing is fetched (a fetch would fail: 127.0.0.1:1).
/// </summary>
public sealed class ReviewProtocolTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Image = "127.0.0.1:1/app/web@" + Digest;

    private static readonly ITrustedMaterial NoTrust = TrustedMaterial.FromTrustedRoot(
        TrustedRoot.Parse("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}"""u8.ToArray()));

    private static Task<WebhookHost> StartAsync(string policy, NoMatchAction noMatch = NoMatchAction.Deny) => WebhookHost.StartAsync(NoTrust, policy, noMatch);

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE"}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"kind":"Pod"},"operation":"CREATE"}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7,"kind":{"kind":"Pod"},"operation":"CREATE"}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE","object":[]}}""")]
    public async Task A_malformed_review_is_a_400_problem(string review)
    {
        await using var webhook = await StartAsync(Cip("pass", Static(pass: true)));
        foreach (var path in new[] { "/validate", "/mutate" })
        {
            var (status, body) = await webhook.PostAsync(path, review);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
            Assert.StartsWith("AdmissionReview: ", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Content_type_size_and_timeout_are_checked()
    {
        await using var webhook = await StartAsync(Cip("pass", Static(pass: true)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await webhook.PostAsync("/validate", Reviews.Pod(Image), contentType: "application/yaml")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await webhook.PostAsync("/validate", Reviews.Pod(Image), timeout: "ten")).Status);
        Assert.Equal(HttpStatusCode.OK, (await webhook.PostAsync("/validate", Reviews.Pod(Image), timeout: "1m30s")).Status);
        var huge = Reviews.Pod(Image).Replace("\"web\"", "\"" + new string('w', AdmissionRequest.MaxBytes) + "\"", StringComparison.Ordinal);
        try
        {
            // Kestrel answers 413 as soon as the declared length exceeds the limit, and may close the connection
            // before the client has sent the rest: either way the review is not read.
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await webhook.PostAsync("/validate", huge)).Status);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
        }

        Assert.Throws<SignetFormatException>(() => AdmissionRequest.Parse(System.Text.Encoding.UTF8.GetBytes(huge)));
    }

    [Fact]
    public async Task Every_container_list_of_every_kind_is_checked()
    {
        await using var webhook = await StartAsync(Cip("nothing-from-evil", Static(pass: false), glob: "127.0.0.1:1/evil/**"), NoMatchAction.Allow);
        foreach (var (_, _, kind, _) in Reviews.Kinds)
        {
            var good = await webhook.ReviewAsync(Reviews.For(Reviews.Workload(kind, Reviews.PodSpec([Image], init: [Image]))));
            Assert.True(good.GetProperty("allowed").GetBoolean(), $"{kind}: {good}");
        }

        var evil = "127.0.0.1:1/evil/x@" + Digest;
        var spec = Reviews.PodSpec([Image], init: [Image]);
        spec["ephemeralContainers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "debug", ["image"] = evil });
        var response = await webhook.ReviewAsync(Reviews.For(Reviews.Workload("StatefulSet", spec)));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Contains("spec.template.spec.ephemeralContainers[0].image: image " + evil, response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("disallowed by static policy", response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_has_no_object_and_is_admitted()
    {
        await using var webhook = await StartAsync(Cip("fail", Static(pass: false)));
        var review = Reviews.For(Reviews.Workload("Pod", Reviews.PodSpec([Image])), operation: "DELETE").Replace("\"object\":{", "\"ignored\":{", StringComparison.Ordinal);
        Assert.True((await webhook.ReviewAsync(review)).GetProperty("allowed").GetBoolean());
    }

    [Theory]
    [InlineData(NoMatchAction.Deny, false, false)]
    [InlineData(NoMatchAction.Warn, true, true)]
    [InlineData(NoMatchAction.Allow, true, false)]
    public async Task An_image_no_policy_matches_follows_no_match(NoMatchAction noMatch, bool allowed, bool warned)
    {
        await using var webhook = await StartAsync(Cip("elsewhere", Static(pass: true), glob: "registry.example.com/**"), noMatch);
        var response = await webhook.ReviewAsync(Reviews.Pod("127.0.0.1:1/app/web:v1"));
        Assert.Equal(allowed, response.GetProperty("allowed").GetBoolean());
        Assert.Equal(warned, response.TryGetProperty("warnings", out var w) && w.GetArrayLength() == 1);
        if (!allowed)
        {
            Assert.Contains("no policy matches it", response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.False(response.TryGetProperty("patch", out _));
    }

    [Fact]
    public async Task An_empty_policy_directory_denies_everything_under_no_match_deny()
    {
        await using var webhook = await StartAsync("");
        Assert.False((await webhook.ReviewAsync(Reviews.Pod(Image))).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task An_unparsable_image_is_denied()
    {
        await using var webhook = await StartAsync(Cip("pass", Static(pass: true)), NoMatchAction.Allow);
        var response = await webhook.ReviewAsync(Reviews.Pod("UPPER/Case:v1"));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Contains("image 'UPPER/Case:v1' cannot be verified", response.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData(null, 10_000)]
    public void Timeout_reads_go_durations_capped_at_30_s(string? value, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ReviewTimeout.Parse(value));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-1s")]
    [InlineData("0s")]
    [InlineData("10 s")]
    [InlineData("1d")]
    public void A_bad_timeout_is_refused(string value) => Assert.Throws<SignetFormatException>(() => ReviewTimeout.Parse(value));

    [Fact]
    public void The_budget_leaves_a_margin_for_the_answer()
    {
        Assert.Equal(TimeSpan.FromSeconds(9), ReviewTimeout.Budget(TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(900), ReviewTimeout.Budget(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(50), ReviewTimeout.Budget(TimeSpan.FromMilliseconds(100)));
    }
}
