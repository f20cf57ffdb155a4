using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.InToto;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet attest ARTIFACT (--predicate FILE --type T | --statement FILE) [--bundle OUT]</c>: an in-toto
/// Statement v1 about the artifact, signed as a DSSE envelope into a v0.3 bundle.
/// </summary>
internal static class AttestCommand
{
    public static Command Create(TimeProvider time)
    {
        var artifact = new Argument<string>("artifact") { Description = "The file the attestation is about (its subject)" };
        var predicate = new Option<string?>("--predicate") { Description = "Predicate JSON file" };
        var type = new Option<string?>("--type") { Description = "Predicate type: slsaprovenance1, spdxjson, cyclonedx, openvex, or a URI" };
        var statement = new Option<string?>("--statement") { Description = "A complete in-toto Statement v1 (instead of --predicate/--type); a subject must be ARTIFACT" };
        var bundle = new Option<string?>("--bundle") { Description = "Where to write the bundle (default ARTIFACT.intoto.sigstore.json)" };
        var options = new SigningOptions();
        var command = new Command("attest", "Attest to a file: sign an in-toto statement about it as DSSE into a Sigstore bundle")
        {
            artifact, predicate, type, statement, bundle,
        };
        options.AddTo(command);
        command.SetRunner(async (parse, ct) =>
        {
            var path = parse.GetValue(artifact)!;
            var digest = ArtifactInput.Sha256(parse, path);
            var output = parse.GetValue(bundle) ?? path + ".intoto.sigstore.json";
            byte[] document;
            if (parse.GetValue(statement) is { } statementPath)
            {
                if (parse.GetValue(predicate) is not null || parse.GetValue(type) is not null)
                {
                    throw new SignetFormatException("give either --statement or --predicate with --type, not both");
                }

                document = LocalFile.Read(statementPath, "statement", InTotoStatements.MaxSize);
                InTotoStatements.Check(document, digest);
            }
            else
            {
                var predicatePath = parse.GetValue(predicate)
                    ?? throw new SignetFormatException("give --predicate FILE and --type TYPE, or --statement FILE");
                var predicateType = InTotoStatements.PredicateTypeOf(parse.GetValue(type)
                    ?? throw new SignetFormatException("--predicate needs --type (slsaprovenance1, spdxjson, cyclonedx, openvex or a URI)"));
                document = InTotoStatements.Create(
                    [(Path.GetFileName(path), digest)], predicateType,
                    LocalFile.Read(predicatePath, "predicate", InTotoStatements.MaxSize));
            }

            var payload = SigningPayload.ForDsse(InTotoStatement.PayloadType, document);
            await options.SignToFileAsync(parse, payload, output, time, ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: attested {path}; bundle written to {output}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
