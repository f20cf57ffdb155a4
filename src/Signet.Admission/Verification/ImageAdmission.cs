using Signet.Admission.Policies;
using Signet.Core;
using Signet.Oci;
using Signet.Policy.Policies;

namespace Signet.Admission.Verification;

/// <summary>
/// Decides one image as policy-controller does: every policy whose glob matches applies and each must pass (an
/// enforcing one refuses, a warn-mode one warns); an image no policy matches follows <see cref="NoMatchAction"/>.
/// A tag is resolved to its digest in the registry first, and the digest is what is verified, cached and pinned.
/// Anything that stops verification (an unreachable registry, an unknown manifest) refuses under an enforcing
/// policy and says so: it fails closed.
/// </summary>
public sealed class ImageAdmission : IDisposable
{
    private readonly TrustWatcher _trust;
    private readonly RegistryClients _registries;
    private readonly ResultCache _cache;
    private readonly NoMatchAction _noMatch;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Decides against the trust <paramref name="trust"/> holds now, fetching through <paramref name="registries"/>
    /// and caching in <paramref name="cache"/>.</summary>
    public ImageAdmission(TrustWatcher trust, RegistryClients registries, ResultCache cache, NoMatchAction noMatch)
    {
        _trust = trust ?? throw new ArgumentNullException(nameof(trust));
        _registries = registries ?? throw new ArgumentNullException(nameof(registries));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _noMatch = noMatch;
    }

    /// <summary>
    /// Decides <paramref name="image"/> under <paramref name="policies"/>. <paramref name="cancellationToken"/> (the
    /// review's time budget) ends the wait; an evaluation it interrupts runs on and is cached.
    /// </summary>
    public async Task<ImageDecision> DecideAsync(string image, PolicySet policies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ImageReference reference;
        try
        {
            reference = ImageReference.Parse(image);
        }
        catch (SignetFormatException e)
        {
            return ImageDecision.Deny(image, $"image '{image}' cannot be verified: {e.Message}");
        }

        var applicable = policies.For(reference.ToString());
        if (applicable.Count == 0)
        {
            return _noMatch switch
            {
                NoMatchAction.Allow => ImageDecision.Allow(image),
                NoMatchAction.Warn => ImageDecision.Allow(image, $"image {image}: no policy matches it (no-match: warn)"),
                _ => ImageDecision.Deny(image, $"image {image}: no policy matches it, and images no policy covers are refused (no-match: deny)"),
            };
        }

        OciDigest digest;
        try
        {
            using var registry = _registries.Rent(reference.Registry);
            digest = reference.Digest ?? (await registry.Client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest;
        }
        catch (SignetException e)
        {
            return Unverifiable(image, applicable, $"cannot resolve its digest: {e.Message}");
        }

        var results = await Task.WhenAll(applicable.Select(p => EvaluateAsync(reference, digest, p, cancellationToken))).ConfigureAwait(false);
        var denials = new List<string>();
        var warnings = new List<string>();
        foreach (var (policy, result, error) in results)
        {
            var why = error is not null
                ? $"image {image} ({digest}): policy {policy.Name}: cannot verify (fail closed): {error}"
                : result!.Passed ? null : Refusal(image, digest, result);
            if (why is null)
            {
                continue;
            }

            if (policy.Mode == PolicyMode.Warn)
            {
                warnings.Add($"failed policy: {policy.Name} (mode warn): {why}");
            }
            else
            {
                denials.Add(why);
            }
        }

        var allowed = denials.Count == 0;
        var pinned = allowed && reference.Digest is null ? $"{image}@{digest}" : null;
        return new ImageDecision(image, allowed, denials, warnings, pinned);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task<(ClusterImagePolicy Policy, PolicyResult? Result, string? Error)> EvaluateAsync(
        ImageReference reference, OciDigest digest, VersionedPolicy policy, CancellationToken ct)
    {
        // One trusted root for the whole evaluation, and its version in the key: a result is not reused under another root.
        var trust = _trust.Current;
        var key = ResultCache.Key(reference.Name, digest.ToString(), policy.Policy.Name, policy.Version + "\n" + trust.Version);
        var stopping = _stopping.Token;
        try
        {
            var result = await _cache.GetAsync(key, () => EvaluateWithRegistryAsync(trust, policy.Policy, reference, digest, stopping), ct)
                .ConfigureAwait(false);
            return (policy.Policy, result, null);
        }
        catch (SignetException e)
        {
            return (policy.Policy, null, e.Message);
        }
        catch (HttpRequestException e)
        {
            return (policy.Policy, null, $"registry {reference.Registry}: {e.Message}");
        }
    }

    /// <summary>An evaluation holds its registry's client for as long as it runs, which may outlast the review that
    /// started it: the client is not disposed under it when other registries crowd it out.</summary>
    private async Task<PolicyResult> EvaluateWithRegistryAsync(
        TrustWatcher.Snapshot trust, ClusterImagePolicy policy, ImageReference reference, OciDigest digest, CancellationToken stopping)
    {
        using var registry = _registries.Rent(reference.Registry);
        return await trust.Evaluator.EvaluateAsync(policy, PolicyTarget.ForImage(registry.Client, reference, digest), stopping).ConfigureAwait(false);
    }

    private static string Refusal(string image, OciDigest digest, PolicyResult result) =>
        $"image {image} ({digest}): policy {result.Policy}: no authority passed: "
        + string.Join("; ", result.Authorities.Select(a => $"authority {a.Name} ({a.Kind}): {a.Detail.ReplaceLineEndings(" ")}"));

    private static ImageDecision Unverifiable(string image, IReadOnlyList<VersionedPolicy> applicable, string why)
    {
        var enforcing = applicable.Where(p => p.Policy.Mode == PolicyMode.Enforce).Select(p => p.Policy.Name).ToArray();
        var line = $"image {image}: {why}";
        return enforcing.Length > 0
            ? ImageDecision.Deny(image, $"{line} (fail closed under policy {string.Join(", ", enforcing)})")
            : new ImageDecision(image, true, [], [$"failed policy: {string.Join(", ", applicable.Select(p => p.Policy.Name))} (mode warn): {line}"], null);
    }
}
