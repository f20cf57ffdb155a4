using System.Text.Json;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Policy.Provenance;

/// <summary>
/// slsa-verifier's VerifyProvenanceCommonOptions: the source and trigger URIs name the repository asked for, then the
/// branch, the tag, the versioned tag (utils/source_tag.go) and the workflow inputs, each only when asked for.
/// </summary>
internal static class SourceChecks
{
    public static void Check(SlsaProvenance provenance, ProvenanceRequirements r)
    {
        CheckSource(provenance, r.SourceUri);
        if (r.SourceBranch is { } branch)
        {
            var actual = GitRefs.BranchOf(provenance.BranchRef());
            if (actual != branch)
            {
                throw new VerificationException(VerificationErrorCode.BranchMismatch,
                    $"branch used to generate the binary does not match provenance: expected branch '{branch}', got '{actual}'");
            }
        }

        if (r.SourceTag is { } tag)
        {
            var actual = GitRefs.TagOf(provenance.TagRef());
            if (actual != tag)
            {
                throw new VerificationException(VerificationErrorCode.TagMismatch,
                    $"tag used to generate the binary does not match provenance: expected tag '{tag}', got '{actual}'");
            }
        }

        if (r.SourceVersionedTag is { } versioned)
        {
            CheckVersionedTag(GitRefs.TagOf(provenance.TagRef()), versioned);
        }

        if (r.WorkflowInputs.Count > 0)
        {
            CheckInputs(provenance.WorkflowInputs(), r.WorkflowInputs);
        }
    }

    private static void CheckSource(SlsaProvenance provenance, string expectedSourceUri)
    {
        var source = GitRefs.NormalizeUri(expectedSourceUri);
        if (!source.StartsWith("git+https://github.com/", StringComparison.Ordinal))
        {
            throw new SignetFormatException($"source URI: '{expectedSourceUri}' is not a github.com repository");
        }

        var fullTrigger = provenance.TriggerUri();
        if (RefIn(fullTrigger, "trigger", source, "the build was triggered from").Length == 0)
        {
            throw new SignetFormatException($"provenance: the trigger URI '{fullTrigger}' has no ref");
        }

        var fullSource = provenance.SourceUri();

        // BYOB builders may build another commit than the triggering one (a TRW that commits during a release):
        // their source then carries no ref to compare.
        if (RefIn(fullSource, "source", source, "the build read its source from").Length == 0)
        {
            if (provenance.BuildType == SlsaProvenance.ByobBuildType)
            {
                return;
            }

            throw new SignetFormatException($"provenance: the source URI '{fullSource}' has no ref");
        }

        if (fullTrigger != fullSource)
        {
            throw Mismatch($"the trigger '{fullTrigger}' and the source '{fullSource}' disagree");
        }
    }

    /// <summary>
    /// The ref of <paramref name="fullUri"/> (empty when it has none), whose repository must be
    /// <paramref name="source"/>: otherwise a mismatch saying "<paramref name="how"/> 'URI', not from 'SOURCE'".
    /// </summary>
    private static string RefIn(string fullUri, string what, string source, string how)
    {
        var (uri, gitRef) = GitRefs.SplitUriAndRef(fullUri, what);
        return uri == source ? gitRef : throw Mismatch($"{how} '{fullUri}', not from '{source}'");
    }

    /// <summary>
    /// utils/source_tag.go: the provenance tag (canonicalized, build dropped) has the major of <paramref name="expected"/>;
    /// its minor when one was given; its patch (with any pre-release, which must be equal) when one was given.
    /// </summary>
    internal static void CheckVersionedTag(string provenanceTag, string expected)
    {
        if (!GoSemver.IsValid(expected))
        {
            throw new SignetFormatException($"source versioned tag: '{expected}' is not a semantic version");
        }
        var tag = GoSemver.Canonical(provenanceTag);
        if (!GoSemver.TryParse(expected, out var e) || !GoSemver.TryParse(tag, out var t))
        {
            throw VersionMismatch($"the provenance tag '{provenanceTag}' is not a semantic version");
        }

        if (e.Major != t.Major)
        {
            throw VersionMismatch($"major version expected '{e.Major}', got '{t.Major}' (tag {provenanceTag})");
        }

        var expectedParts = expected.Split('.');
        var tagParts = tag.Split('.');
        if (expectedParts.Length > 1 && expectedParts[1] != tagParts[1])
        {
            throw VersionMismatch($"minor version expected '{expectedParts[1]}', got '{tagParts[1]}' (tag {provenanceTag})");
        }

        if (expectedParts.Length > 2)
        {
            var expectedPatch = expectedParts[2].EndsWith(e.Build, StringComparison.Ordinal) ? expectedParts[2][..^e.Build.Length] : expectedParts[2];
            if (expectedPatch != tagParts[2])
            {
                throw VersionMismatch($"patch version expected '{expectedPatch}', got '{tagParts[2]}' (tag {provenanceTag})");
            }
        }
    }

    private static void CheckInputs(JsonElement inputs, IReadOnlyDictionary<string, string> expected)
    {
        foreach (var (key, value) in expected)
        {
            if (!inputs.TryGetProperty(key, out var actual) || actual.ValueKind != JsonValueKind.String)
            {
                throw new VerificationException(VerificationErrorCode.WorkflowInputsMismatch, $"workflow inputs: '{key}' is not a string input of the build");
            }

            if (actual.GetString() != value)
            {
                throw new VerificationException(VerificationErrorCode.WorkflowInputsMismatch, $"workflow inputs: expected '{key}={value}', got '{key}={actual.GetString()}'");
            }
        }
    }

    private static VerificationException Mismatch(string why)
        => new(VerificationErrorCode.SourceMismatch, "source used to generate the binary does not match provenance: " + why);

    private static VerificationException VersionMismatch(string why)
        => new(VerificationErrorCode.VersionedTagMismatch, "tag used to generate the binary does not match provenance: " + why);
}
