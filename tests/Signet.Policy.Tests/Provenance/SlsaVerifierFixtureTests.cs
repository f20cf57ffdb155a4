using System.Collections.Concurrent;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Policy.Provenance;
using Xunit.Abstractions;

namespace Signet.Policy.Tests.Provenance;

/// <summary>
/// Every run of slsa-verifier's regression test that uses a Sigstore bundle (TestData/slsa-verifier/cases.json, 1,551
/// runs): each must give slsa-verifier's verdict, and each failure the same reason class.
/// </summary>
public sealed class SlsaVerifierFixtureTests(ITestOutputHelper output)
{
    /// <summary>slsa-verifier's error (errors/errors.go) and the code Signet gives the same refusal.</summary>
    private static readonly Dictionary<string, VerificationErrorCode> ReasonClasses = new()
    {
        ["ErrorUntrustedReusableWorkflow"] = VerificationErrorCode.UntrustedBuilder,
        ["ErrorMismatchBuilderID"] = VerificationErrorCode.BuilderIdMismatch,
        ["ErrorMismatchSource"] = VerificationErrorCode.SourceMismatch,
        ["ErrorMismatchBranch"] = VerificationErrorCode.BranchMismatch,
        ["ErrorMismatchTag"] = VerificationErrorCode.TagMismatch,
        ["ErrorMismatchVersionedTag"] = VerificationErrorCode.VersionedTagMismatch,
        ["ErrorInvalidRef"] = VerificationErrorCode.InvalidRef,
    };

    [Fact]
    public void EveryRowGivesSlsaVerifiersVerdictAndReasonClass()
    {
        // slsa-verifier's regression suite runs in its testing mode (the v1.9.0 delegator builds ran the delegator at main).
        var verifier = new ProvenanceVerifier(new Verifier(TestPaths.ProductionRoot), new ProvenanceOptions { SlsaGeneratorEndToEndTestsUnsafe = true });
        var bundles = new ConcurrentDictionary<string, Bundle>();
        var runs = Rows().SelectMany(row => row.BuilderIds.Select(builderId => (Row: row, BuilderId: builderId))).ToArray();
        var outcomes = new string?[runs.Length];
        var started = System.Diagnostics.Stopwatch.StartNew();

        // Every run verifies the bundle in full (the Sigstore checks, then slsa-verifier's), rows in parallel.
        Parallel.For(0, runs.Length, i =>
        {
            var (row, builderId) = runs[i];
            var bundle = bundles.GetOrAdd(row.Provenance, p => Bundle.Parse(File.ReadAllBytes(TestPaths.Data("slsa-verifier", p))));
            var stored = TestPaths.Data("slsa-verifier", row.Artifact);
            var artifact = File.Exists(stored) ? Artifact.FromBytes(File.ReadAllBytes(stored)) : Artifact.FromDigestString("sha256:" + row.ArtifactSha256);
            string? got;
            try
            {
                verifier.Verify(bundle, artifact, row.Requirements with { BuilderId = builderId });
                got = null;
            }
            catch (VerificationException e)
            {
                got = e.Code.ToString() + ": " + e.Message;
            }
            catch (SignetFormatException e)
            {
                got = "InvalidInput: " + e.Message;
            }

            outcomes[i] = got;
        });

        var passes = 0;
        var failures = 0;
        var mismatches = new List<string>();
        for (var i = 0; i < runs.Length; i++)
        {
            var (row, builderId) = runs[i];
            var got = outcomes[i];
            var expected = row.Error is null ? null : ReasonClasses[row.Error].ToString();
            var ok = expected is null ? got is null : got is not null && got.StartsWith(expected + ":", StringComparison.Ordinal);
            if (!ok)
            {
                mismatches.Add($"{row.Test} [{row.Provenance}, builder {builderId ?? "(none)"}]: expected {expected ?? "pass"}, got {got ?? "pass"}");
            }
            else if (expected is null)
            {
                passes++;
            }
            else
            {
                failures++;
            }
        }

        output.WriteLine($"{runs.Length} runs in {started.ElapsedMilliseconds} ms: {passes} pass and {failures} fail as slsa-verifier does, {mismatches.Count} differ");
        Assert.Equal(1551, runs.Length);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(40)));
    }

    private sealed record Row(string Test, string Artifact, string ArtifactSha256, string Provenance, ProvenanceRequirements Requirements,
        IReadOnlyList<string?> BuilderIds, string? Error);

    private static IEnumerable<Row> Rows()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Data("slsa-verifier", "cases.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var flags = c.GetProperty("flags");
            string? Flag(string name) => flags.TryGetProperty(name, out var v) ? v.GetString() : null;
            var requirements = new ProvenanceRequirements(Flag("source-uri")!)
            {
                SourceBranch = Flag("source-branch"),
                SourceTag = Flag("source-tag"),
                SourceVersionedTag = Flag("source-versioned-tag"),
            };
            var builderIds = c.GetProperty("builder_ids").EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Null ? null : b.GetString()).ToArray();
            var error = c.GetProperty("error").ValueKind == JsonValueKind.Null ? null : c.GetProperty("error").GetString();
            yield return new Row(c.GetProperty("test").GetString()!, c.GetProperty("artifact").GetString()!, c.GetProperty("artifact_sha256").GetString()!,
                c.GetProperty("provenance").GetString()!, requirements, builderIds, error);
        }
    }
}
