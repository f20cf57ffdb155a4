using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;
using Signet.Core.InToto;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// sigstore-conformance's signing entry point (docs/cli_protocol.md):
/// <c>sign-bundle --identity-token T --bundle OUT [--trusted-root F] [--signing-config F] [--in-toto] FILE</c>.
/// With <c>--in-toto</c>, FILE is an in-toto statement signed as DSSE; otherwise FILE is signed as a blob.
/// </summary>
internal static class SignBundleCommand
{
    public static Command Create(TimeProvider time)
    {
        var file = new Argument<string>("file") { Description = "The file to sign (an in-toto statement with --in-toto)" };
        var bundle = new Option<string>("--bundle") { Description = "Where to write the bundle", Required = true };
        var inToto = new Option<bool>("--in-toto") { Description = "FILE is an in-toto statement: sign it as a DSSE envelope" };
        var options = new SigningOptions();
        var command = new Command("sign-bundle", "Conformance protocol: sign FILE into a bundle") { file, bundle, inToto };
        options.AddTo(command);
        command.SetRunner(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var output = parse.GetValue(bundle)!;
            if (parse.GetValue(inToto))
            {
                var statement = LocalFile.Read(path, "in-toto statement", InTotoStatements.MaxSize);
                InTotoStatements.Check(statement, artifactSha256: null);
                await options.SignToFileAsync(parse, SigningPayload.ForDsse(InTotoStatement.PayloadType, statement), output, time, ct).ConfigureAwait(false);
            }
            else
            {
                using var artifact = LocalFile.Open(path, "artifact");
                await options.SignToFileAsync(parse, session => ArtifactInput.Payload(parse, artifact, session), output, time, ct).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
