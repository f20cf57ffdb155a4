using System.CommandLine;
using Signet.Client.Signing;
using Signet.Core.InToto;
using Signet.Files;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet provenance ARTIFACT... [--output FILE] [--predicate-only] [--builder-id URI] [--build-type URI]</c>:
/// an in-toto statement whose subjects are the artifacts (with SHA-256 digests) and whose predicate is SLSA v1
/// provenance — from the GitHub Actions context when present. Feed it to <c>signet attest --statement</c>.
/// </summary>
internal static class ProvenanceCommand
{
    public static Command Create(TimeProvider time)
    {
        var artifacts = new Argument<string[]>("artifacts") { Description = "The build's outputs (the statement's subjects)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output") { Description = "Write here instead of standard output" };
        var predicateOnly = new Option<bool>("--predicate-only") { Description = "Write only the predicate (for attest --predicate --type slsaprovenance1)" };
        var builderId = new Option<string?>("--builder-id") { Description = "Builder URI (default in GitHub Actions: the workflow ref)" };
        var buildType = new Option<string?>("--build-type") { Description = "Build type URI (default in GitHub Actions: " + SlsaPredicateTypes.GitHubWorkflowBuildType + ")" };
        var command = new Command("provenance", "Write SLSA v1 provenance for build outputs") { artifacts, output, predicateOnly, builderId, buildType };
        command.SetRunner(async (parse, ct) =>
        {
            var predicate = SlsaProvenance.CreatePredicate(
                Environment.GetEnvironmentVariable, parse.GetValue(builderId), parse.GetValue(buildType), time.GetUtcNow());
            byte[] document = predicate;
            if (!parse.GetValue(predicateOnly))
            {
                var subjects = parse.GetValue(artifacts)!
                    .Select(p => (Path.GetFileName(p), ArtifactInput.Sha256(parse, p)))
                    .ToList();
                document = InTotoStatements.Create(subjects, SlsaPredicateTypes.V1, predicate);
            }

            if (parse.GetValue(output) is { } path)
            {
                DurableFile.Replace(path, document);
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(document)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
