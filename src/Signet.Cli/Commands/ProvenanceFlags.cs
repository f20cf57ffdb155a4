using System.CommandLine;
using Signet.Core.Verification;
using Signet.Policy.Provenance;

namespace Signet.Cli.Commands;

/// <summary>slsa-verifier's flags, shared by <c>verify-provenance</c> and <c>image verify-provenance</c>.</summary>
internal sealed class ProvenanceFlags
{
    public Option<string> SourceUri { get; } = new("--source-uri") { Description = "The repository the artifact must be built from: github.com/ORG/REPO", Required = true };

    public Option<string?> SourceBranch { get; } = new("--source-branch") { Description = "The branch that must have triggered the build" };

    public Option<string?> SourceTag { get; } = new("--source-tag") { Description = "The tag that must have triggered the build (exact)" };

    public Option<string?> SourceVersionedTag { get; } = new("--source-versioned-tag") { Description = "A semver prefix the triggering tag must match: v1 matches v1.x.y, v1.2 matches v1.2.y" };

    public Option<string?> BuilderId { get; } = new("--builder-id") { Description = "The builder (NAME[@REF]); default: the SLSA GitHub generator's trusted builders" };

    public Option<string[]> WorkflowInputs { get; } = new("--build-workflow-input") { Description = "K=V: a workflow_dispatch input the build must have had (repeatable)" };

    public Option<bool> PrintProvenance { get; } = new("--print-provenance") { Description = "Print the verified provenance statement" };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Trusted root JSON, bypassing TUF (default: the TUF trust store, see signet trust)" };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output" };

    public void AddTo(Command command) =>
        command.AddOptions(SourceUri, SourceBranch, SourceTag, SourceVersionedTag, BuilderId, WorkflowInputs, PrintProvenance, TrustedRoot, Json);

    public ProvenanceRequirements Requirements(ParseResult p)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in p.GetValue(WorkflowInputs) ?? [])
        {
            var eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !inputs.TryAdd(kv[..eq], kv[(eq + 1)..]))
            {
                throw new UsageException($"--build-workflow-input {kv}: expected KEY=VALUE, each key once");
            }
        }

        var requirements = new ProvenanceRequirements(p.GetValue(SourceUri)!)
        {
            SourceBranch = p.GetValue(SourceBranch),
            SourceTag = p.GetValue(SourceTag),
            SourceVersionedTag = p.GetValue(SourceVersionedTag),
            BuilderId = p.GetValue(BuilderId),
            WorkflowInputs = inputs,
        };
        if (new[] { requirements.SourceBranch, requirements.SourceTag, requirements.SourceVersionedTag }.Count(r => r is not null) > 1)
        {
            throw new UsageException("--source-branch, --source-tag and --source-versioned-tag: give at most one");
        }

        requirements.Validate();
        return requirements;
    }

    /// <summary>
    /// A refused check in slsa-verifier's words with its code at the end (<c>… (SourceMismatch)</c>), so that the one
    /// line on standard error names the code <c>--json</c> gives.
    /// </summary>
    public static VerificationException Refusal(VerificationException e) => new(e.Code, $"{e.Message} ({e.ErrorCode})", e);

    /// <summary>The outcome, in words (slsa-verifier's PASSED line, the builder, the source, the level) or as JSON.</summary>
    public void Print(ParseResult p, TextWriter output, string subject, VerifiedProvenance v)
    {
        if (p.GetValue(Json))
        {
            output.WriteLine(ResultJson.Write(w =>
            {
                w.WriteBoolean("verified", true);
                w.WriteString("subject", subject);
                w.WriteString("builderId", v.BuilderId);
                w.WriteString("signingWorkflow", v.SigningWorkflow);
                w.WriteString("sourceUri", v.SourceUri);
                w.WriteString("sourceDigest", v.SourceDigest);
                w.WriteString("buildType", v.BuildType);
                w.WriteString("predicateType", v.PredicateType);
                w.WriteStartObject("slsaBuildLevel");
                w.WriteNumber("level", v.Level.Level);
                w.WriteString("reason", v.Level.Reason);
                w.WriteEndObject();
                if (p.GetValue(PrintProvenance))
                {
                    w.WritePropertyName("statement");
                    using var doc = System.Text.Json.JsonDocument.Parse(v.Statement);
                    doc.RootElement.WriteTo(w);
                }
            }));
            return;
        }

        if (p.GetValue(PrintProvenance))
        {
            output.WriteLine(System.Text.Encoding.UTF8.GetString(v.Statement));
        }

        var log = v.Sigstore.LogEntries.Count > 0 ? $", logged at {v.Sigstore.LogEntries[0].LogBaseUrl} index {v.Sigstore.LogEntries[0].LogIndex}" : "";
        output.WriteLine($"Verified SLSA provenance for {subject}");
        output.WriteLine($"  builder: {v.BuilderId}");
        output.WriteLine($"  signed by: {v.SigningWorkflow} (Fulcio certificate{log})");
        output.WriteLine($"  source: {v.SourceUri} at commit {v.SourceDigest}");
        output.WriteLine($"  {v.Level}");
        output.WriteLine("PASSED: SLSA verification passed");
    }
}
