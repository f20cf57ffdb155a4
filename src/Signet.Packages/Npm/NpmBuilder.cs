using System.Text.Json;
using Signet.Core.Certificates;
using Signet.Core.InToto;
using Signet.Core.Verification;

namespace Signet.Packages.Npm;

/// <summary>
/// The builder of an npm provenance and slsa-verifier's rules for it (<c>verify-npm-package --builder-id</c>): a build
/// signed by one of slsa-github-generator's workflows must name the expected builder in the provenance (the version
/// after <c>@</c> may be left out); a build by the npm CLI on GitHub Actions must name GitHub's runner —
/// <c>https://github.com/actions/runner/github-hosted</c> (or <c>self-hosted</c>), which a v0.2 provenance records as
/// <c>https://github.com/actions/runner</c> with the hosting in the certificate (Fulcio's Runner Environment).
/// </summary>
internal static class NpmBuilder
{
    private const string Runner = "https://github.com/actions/runner";
    private const string GeneratorWorkflows = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";

    /// <summary>The provenance's builder id (v0.2 <c>predicate.builder.id</c>, v1 <c>predicate.runDetails.builder.id</c>), or null.</summary>
    public static string? Of(InTotoStatement statement)
    {
        if (statement.Predicate is not { ValueKind: JsonValueKind.Object } p)
        {
            return null;
        }

        var holder = statement.PredicateType == SlsaPredicateTypes.V1 && p.TryGetProperty("runDetails", out var rd) && rd.ValueKind == JsonValueKind.Object ? rd : p;
        return holder.TryGetProperty("builder", out var b) && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    public static void Check(string expected, string? actual, string predicateType, FulcioCertificate cert)
    {
        if (actual is null)
        {
            throw new VerificationException(VerificationErrorCode.IdentityMismatch, "builderID is invalid: the provenance names no builder");
        }

        if (cert.BuildSignerUri is { } signer && signer.StartsWith(GeneratorWorkflows, StringComparison.Ordinal))
        {
            // A trusted reusable builder: the provenance names it; the expected id may omit the @version.
            var matches = expected == actual || (!expected.Contains('@', StringComparison.Ordinal) && actual.StartsWith(expected + "@", StringComparison.Ordinal));
            if (!matches)
            {
                throw new VerificationException(VerificationErrorCode.IdentityMismatch, $"builderID does not match provenance: '{actual}', expected '{expected}'");
            }

            return;
        }

        var hosted = new[] { Runner + "/github-hosted", Runner + "/self-hosted" };
        var v02 = predicateType == SlsaPredicateTypes.V02;
        if (!hosted.Contains(expected, StringComparer.Ordinal) && !(expected == Runner))
        {
            throw new VerificationException(VerificationErrorCode.IdentityMismatch, $"builder '{expected}' is not supported for npm CLI builds (expected {Runner}/github-hosted or /self-hosted)");
        }

        var recorded = v02 && actual == Runner && cert.RunnerEnvironment is { Length: > 0 } env ? $"{Runner}/{env}" : actual;
        var ok = v02 ? expected == actual || expected == recorded : expected == actual && expected != Runner;
        if (!ok)
        {
            throw new VerificationException(VerificationErrorCode.IdentityMismatch, $"builderID is invalid: the provenance names '{recorded}', expected '{expected}'");
        }
    }
}
