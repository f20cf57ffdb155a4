namespace Signet.Policy.Provenance;

/// <summary>
/// What the caller requires of provenance, in slsa-verifier's flags: the source repository (<c>github.com/ORG/REPO</c>
/// or <c>git+https://github.com/ORG/REPO</c>), at most one of branch, tag and versioned tag, the builder, and
/// workflow inputs.
/// </summary>
/// <param name="SourceUri">The repository the artifact must have been built from (<c>--source-uri</c>).</param>
public sealed record ProvenanceRequirements(string SourceUri)
{
    /// <summary>The branch that triggered the build (<c>--source-branch</c>), exact.</summary>
    public string? SourceBranch { get; init; }

    /// <summary>The tag that triggered the build (<c>--source-tag</c>), exact.</summary>
    public string? SourceTag { get; init; }

    /// <summary>
    /// A semver tag prefix the triggering tag must match (<c>--source-versioned-tag</c>): <c>v1</c> matches every v1.x.y,
    /// <c>v1.2</c> every v1.2.y; a pre-release must be equal; build metadata is ignored.
    /// </summary>
    public string? SourceVersionedTag { get; init; }

    /// <summary>
    /// The builder (<c>--builder-id NAME[@REF]</c>). Null: any of the default trusted builders. For a BYOB delegator it
    /// names the builder the delegator ran (the provenance's builder ID).
    /// </summary>
    public string? BuilderId { get; init; }

    /// <summary>workflow_dispatch inputs that must have these values (<c>--build-workflow-input K=V</c>).</summary>
    public IReadOnlyDictionary<string, string> WorkflowInputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Rejects contradictory requirements (invalid input, not a refusal).</summary>
    /// <exception cref="Core.SignetFormatException">Empty source, or more than one of branch, tag and versioned tag.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SourceUri))
        {
            throw new Core.SignetFormatException("source URI: required (github.com/ORG/REPO)");
        }

        var refs = new[] { SourceBranch, SourceTag, SourceVersionedTag }.Count(r => r is not null);
        if (refs > 1)
        {
            throw new Core.SignetFormatException("source branch, tag and versioned tag: give at most one");
        }

        if (SourceVersionedTag is { } v && !GoSemver.IsValid(v))
        {
            throw new Core.SignetFormatException($"source versioned tag: '{v}' is not a semantic version (vX, vX.Y or vX.Y.Z[-PRE][+BUILD])");
        }
    }
}
