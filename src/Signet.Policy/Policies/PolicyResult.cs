namespace Signet.Policy.Policies;

/// <summary>How one authority fared.</summary>
/// <param name="Name">The authority's name.</param>
/// <param name="Kind">keyless, key or static.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Detail">What passed (who signed, which attestation), or why not (the failed check, the rule).</param>
public sealed record AuthorityResult(string Name, string Kind, bool Passed, string Detail);

/// <summary>What a policy decided about a target.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Mode">Its mode.</param>
/// <param name="Target">The target's description.</param>
/// <param name="Authorities">Each authority's result, in policy order.</param>
public sealed record PolicyResult(string Policy, PolicyMode Mode, string Target, IReadOnlyList<AuthorityResult> Authorities)
{
    /// <summary>Some authority passed.</summary>
    public bool Passed => Authorities.Any(a => a.Passed);

    /// <summary>The target is admitted: an authority passed, or the policy only warns.</summary>
    public bool Admitted => Passed || Mode == PolicyMode.Warn;

    /// <summary>The warning a warn-mode policy gives when no authority passed (policy-controller's wording).</summary>
    public string? Warning => !Passed && Mode == PolicyMode.Warn ? $"failed policy: {Policy}" : null;
}
