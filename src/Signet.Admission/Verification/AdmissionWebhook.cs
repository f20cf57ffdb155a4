using Signet.Admission.Policies;
using Signet.Admission.Reviews;
using Signet.Admission.Telemetry;
using Signet.Core;

namespace Signet.Admission.Verification;

/// <summary>
/// Answers one AdmissionReview: every container image of the object decided (each distinct image once, at the same
/// time), within the review's time budget. Validation admits or refuses; mutation does the same and, when admitted,
/// answers a JSON Patch pinning each image that was verified by tag to its digest.
/// </summary>
public sealed class AdmissionWebhook
{
    private readonly ImageAdmission _images;
    private readonly Func<PolicySet> _policies;

    /// <summary>Decides images with <paramref name="images"/> under the set <paramref name="policies"/> gives at each review.</summary>
    public AdmissionWebhook(ImageAdmission images, Func<PolicySet> policies)
    {
        _images = images ?? throw new ArgumentNullException(nameof(images));
        _policies = policies ?? throw new ArgumentNullException(nameof(policies));
    }

    /// <summary>The response to <paramref name="request"/>, decided within <paramref name="budget"/>.</summary>
    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, bool mutate, TimeSpan budget, CancellationToken cancellationToken)
    {
        var (response, result) = await DecideAsync(request, mutate, budget, cancellationToken).ConfigureAwait(false);
        AdmissionTelemetry.RecordReview(mutate, result);
        return response;
    }

    private async Task<(AdmissionResponse Response, string Result)> DecideAsync(AdmissionRequest request, bool mutate, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource is null || request.Operation is not ("CREATE" or "UPDATE"))
        {
            return (new AdmissionResponse(request.Uid, true, null, [], null), "skipped");
        }

        IReadOnlyList<ContainerImage> containers;
        try
        {
            containers = ContainerImage.Of(request);
        }
        catch (SignetFormatException e)
        {
            return (new AdmissionResponse(request.Uid, false, e.Message, [], null), "denied");
        }

        var policies = _policies();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var distinct = containers.Select(c => c.Image).Distinct(StringComparer.Ordinal).ToArray();
        Dictionary<string, ImageDecision> decisions;
        try
        {
            var decided = await Task.WhenAll(distinct.Select(i => _images.DecideAsync(i, policies, deadline.Token))).ConfigureAwait(false);
            decisions = decided.ToDictionary(d => d.Image, StringComparer.Ordinal);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new AdmissionResponse(request.Uid, false,
                $"verification of {string.Join(", ", distinct)} did not finish within the review's time budget ({budget.TotalSeconds:0.###} s); "
                + "it goes on, and its result will be cached for a retry", [], null), "timeout");
        }

        foreach (var decision in decisions.Values)
        {
            AdmissionTelemetry.RecordImage(decision.Allowed);
        }

        var denials = new List<string>();
        var warnings = new List<string>();
        var pins = new List<(string, string)>();
        foreach (var container in containers)
        {
            var decision = decisions[container.Image];
            var (d, w) = decision.For(container);
            denials.AddRange(d);
            warnings.AddRange(w);
            if (decision.Pinned is { } pinned)
            {
                pins.Add((container.PatchPath, pinned));
            }
        }

        if (denials.Count > 0)
        {
            return (new AdmissionResponse(request.Uid, false, $"{request.Kind} {request.Namespace}/{request.Name} refused by signet admission:\n" + string.Join('\n', denials), warnings, null), "denied");
        }

        var patch = mutate && pins.Count > 0 ? AdmissionResponse.ReplacePatch(pins) : null;
        return (new AdmissionResponse(request.Uid, true, null, warnings, patch), "allowed");
    }
}
