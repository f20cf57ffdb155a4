using System.Diagnostics.Metrics;
using Signet.Core.Telemetry;

namespace Signet.Admission.Telemetry;

/// <summary>
/// The webhook's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>Signet.Admission</c>): every review
/// by webhook and answer, and every distinct image decided in them. A cluster whose deployments stall shows it here
/// (denials, or reviews that ran out of their time budget); the request histogram of the host gives the latency.
/// </summary>
public static class AdmissionTelemetry
{
    /// <summary>The tag of the webhook: <c>validate</c> or <c>mutate</c>.</summary>
    public const string WebhookTag = "signet.admission.webhook";

    /// <summary>The tag of a review's answer: <c>allowed</c>, <c>denied</c>, <c>timeout</c> (denied: the images were not
    /// decided within the review's budget) or <c>skipped</c> (not a CREATE or UPDATE of a resource); of an image's
    /// decision: <c>allowed</c> or <c>denied</c>.</summary>
    public const string ResultTag = "signet.admission.result";

    internal static readonly TelemetrySource Source = new(typeof(AdmissionTelemetry).Assembly);

    internal static readonly Counter<long> Reviews = Source.Meter.CreateCounter<long>(
        "signet.admission.reviews", "{review}", "AdmissionReviews answered, by webhook and answer");

    internal static readonly Counter<long> Images = Source.Meter.CreateCounter<long>(
        "signet.admission.images", "{image}", "Distinct images decided in reviews, by decision (a cached result counts too)");

    internal static void RecordReview(bool mutate, string result) =>
        Reviews.Add(1, new KeyValuePair<string, object?>(WebhookTag, mutate ? "mutate" : "validate"), new KeyValuePair<string, object?>(ResultTag, result));

    internal static void RecordImage(bool allowed) =>
        Images.Add(1, new KeyValuePair<string, object?>(ResultTag, allowed ? "allowed" : "denied"));
}
