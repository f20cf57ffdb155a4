using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Testing.Observability;
using static Signet.Admission.Tests.Policies;

namespace Signet.Admission.Tests;

/// <summary>
/// <c>signet admission serve --metrics</c>: <c>/metrics</c> on the webhook's HTTPS listener counts every review by
/// webhook and answer and every image decided, beside the request histogram by route and status. Images are given by
/// digest and the policies are static, so nothing is fetched. The meters are the process's: these tests run alone,
/// so no other test's webhook is counted with them.
/// </summary>
[Collection(Name)]
public sealed class AdmissionMetricsTests
{
    public const string Name = "admission metrics, alone";

    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly ITrustedMaterial NoTrust = TrustedMaterial.FromTrustedRoot(
        TrustedRoot.Parse("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}"""u8.ToArray()));

    [Fact]
    public async Task Reviews_and_images_are_counted_by_answer()
    {
        var policies = Cip("pass", Static(pass: true), glob: "127.0.0.1:1/ok/**") + "\n---\n" + Cip("fail", Static(pass: false), glob: "127.0.0.1:1/bad/**");
        await using var webhook = await WebhookHost.StartAsync(NoTrust, policies, metrics: true);
        var before = new PrometheusScrape(await webhook.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.True((await webhook.ReviewAsync(Reviews.Pod($"127.0.0.1:1/ok/web@{Digest}"))).GetProperty("allowed").GetBoolean());
        Assert.False((await webhook.ReviewAsync(Reviews.Pod($"127.0.0.1:1/bad/web@{Digest}", $"127.0.0.1:1/ok/web@{Digest}"))).GetProperty("allowed").GetBoolean());
        var delete = Reviews.For(Reviews.Workload("Pod", Reviews.PodSpec([$"127.0.0.1:1/bad/web@{Digest}"])), operation: "DELETE");
        Assert.True((await webhook.ReviewAsync(delete, mutate: true)).GetProperty("allowed").GetBoolean());

        // The Prometheus exporter answers a scrape from its cache for 300 ms: scrape until the three reviews show.
        const string reviews = "signet_admission_reviews_total";
        var after = before;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); after.Sum(reviews) - before.Sum(reviews) < 3 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            after = new PrometheusScrape(await webhook.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        }

        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(1, Delta(reviews, ("signet_admission_webhook", "validate"), ("signet_admission_result", "allowed")));
        Assert.Equal(1, Delta(reviews, ("signet_admission_webhook", "validate"), ("signet_admission_result", "denied")));
        Assert.Equal(1, Delta(reviews, ("signet_admission_webhook", "mutate"), ("signet_admission_result", "skipped")));
        Assert.Equal(3, Delta(reviews));
        Assert.Equal(2, Delta("signet_admission_images_total", ("signet_admission_result", "allowed")));
        Assert.Equal(1, Delta("signet_admission_images_total", ("signet_admission_result", "denied")));
        Assert.Equal(2, Delta("http_server_request_duration_seconds_count", ("http_route", "/validate"), ("http_response_status_code", "200")));
        Assert.Equal(1, after.Sum("target_info", ("service_name", "signet-admission")));
    }

    [Fact]
    public async Task Without_metrics_there_is_no_metrics_endpoint()
    {
        await using var webhook = await WebhookHost.StartAsync(NoTrust, Cip("pass", Static(pass: true)));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await webhook.Client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }
}

[CollectionDefinition(AdmissionMetricsTests.Name, DisableParallelization = true)]
public sealed class AdmissionMetricsAlone;
