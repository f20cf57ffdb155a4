using Signet.Core;
using Signet.Core.Verification;
using Signet.Policy.Rules;

namespace Signet.Policy.Policies;

/// <summary>
/// Evaluates a <see cref="ClusterImagePolicy"/> against a <see cref="PolicyTarget"/> as policy-controller does: each
/// authority independently (signatures verified under its identity or key, or, when it lists attestations, one
/// verified attestation of each type whose CEL rule holds), and the policy passes when any authority passes.
/// Nothing passes by default: no signature, an unverifiable one, a rule error, all refuse. Thread-safe.
/// </summary>
/// <param name="trust">The trusted material, narrowed per authority by its URLs.</param>
/// <param name="options">The verifier options (default: <see cref="VerifierOptions.Default"/>).</param>
public sealed class PolicyEvaluator(ITrustedMaterial trust, VerifierOptions? options = null)
{
    private readonly ITrustedMaterial _trust = trust ?? throw new ArgumentNullException(nameof(trust));
    private readonly VerifierOptions _options = options ?? VerifierOptions.Default;

    /// <summary>Every authority's result for <paramref name="target"/>.</summary>
    /// <exception cref="Oci.RegistryException">The registry failed: nothing could be checked (the caller fails closed).</exception>
    public async Task<PolicyResult> EvaluateAsync(ClusterImagePolicy policy, PolicyTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(target);
        var results = new List<AuthorityResult>();
        foreach (var authority in policy.Authorities)
        {
            results.Add(await EvaluateAsync(authority, target, cancellationToken).ConfigureAwait(false));
        }

        return new PolicyResult(policy.Name, policy.Mode, target.Description, results);
    }

    private async Task<AuthorityResult> EvaluateAsync(PolicyAuthority authority, PolicyTarget target, CancellationToken ct)
    {
        AuthorityResult Result(bool passed, string detail) => new(authority.Name, authority.Kind, passed, detail);
        switch (authority)
        {
            case StaticAuthority s:
                return Result(s.Pass, s.Pass ? "static policy: pass" : "disallowed by static policy" + (s.Message is null ? "" : $": {s.Message}"));
            case KeylessAuthority k:
                var scope = new ScopedTrustedMaterial(_trust, k.FulcioUrl, k.CtlogUrl);
                if (scope.Gap() is { } gap)
                {
                    return Result(false, gap);
                }

                var identities = VerificationPolicy.ForIdentity(k.Identities[0], [.. k.Identities.Skip(1)]);
                return await CheckAsync(Result, new Verifier(scope, _options), identities, k.Attestations, target, ct).ConfigureAwait(false);
            case KeyAuthority key:
                var keyScope = new ScopedTrustedMaterial(_trust, null, key.CtlogUrl);
                if (keyScope.Gap() is { } keyGap)
                {
                    return Result(false, keyGap);
                }

                return await CheckAsync(Result, new Verifier(keyScope, _options), VerificationPolicy.ForPublicKey(key.Key), key.Attestations, target, ct)
                    .ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"authority kind {authority.Kind}");
        }
    }

    private static async Task<AuthorityResult> CheckAsync(Func<bool, string, AuthorityResult> result, Verifier verifier, VerificationPolicy identity,
        IReadOnlyList<AttestationRequirement> attestations, PolicyTarget target, CancellationToken ct)
    {
        if (attestations.Count == 0)
        {
            var signatures = await target.VerifyAsync(verifier, identity, null, ct).ConfigureAwait(false);
            return signatures.Verified.Count > 0
                ? result(true, "signature verified: " + Describe(signatures.Verified[0]))
                : result(false, "no valid signatures found" + Why(signatures.Rejected));
        }

        var passed = new List<string>();
        foreach (var requirement in attestations)
        {
            var found = await target.VerifyAsync(verifier, identity, requirement.PredicateType, ct).ConfigureAwait(false);
            if (found.Verified.Count == 0)
            {
                return result(false, $"attestation {requirement.Name}: no matching attestations of type {requirement.PredicateType}" + Why(found.Rejected));
            }

            if (requirement.Rule is null)
            {
                passed.Add($"{requirement.Name} ({Describe(found.Verified[0])})");
                continue;
            }

            string? refusal = null;
            foreach (var evidence in found.Verified)
            {
                try
                {
                    requirement.Rule.Require(RuleInput.From(evidence.Result, target.Artifact));
                    refusal = null;
                    passed.Add($"{requirement.Name}: rule '{requirement.Rule.Name}' holds ({Describe(evidence)})");
                    break;
                }
                catch (VerificationException e)
                {
                    refusal = e.Message;
                }
                catch (SignetFormatException e)
                {
                    refusal = $"rule '{requirement.Rule.Name}': {e.Message}";
                }
            }

            if (refusal is not null)
            {
                return result(false, $"attestation {requirement.Name}: {refusal}");
            }
        }

        return result(true, "attestations verified: " + string.Join("; ", passed));
    }

    private static string Describe(VerifiedEvidence e)
    {
        var who = e.Result.Certificate is { } c ? $"{c.SubjectAlternativeName} (issuer {c.Issuer})" : "the key";
        var log = e.Result.LogEntries.Count > 0 ? $", log index {e.Result.LogEntries[0].LogIndex}" : "";
        return $"{who}{log} [{e.Source}]";
    }

    private static string Why(IReadOnlyList<string> rejected) => rejected.Count == 0
        ? ""
        : ": " + string.Join("; ", rejected.Take(3)) + (rejected.Count > 3 ? $"; and {rejected.Count - 3} more" : "");
}
