using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet sign ARTIFACT [--bundle OUT] [--identity-token T | --key KEY] [--signing-config F] [--trusted-root F]</c>:
/// a message signature over the artifact in a v0.3 bundle, keyless by default.
/// </summary>
internal static class SignCommand
{
    public static Command Create(TimeProvider time)
    {
        var artifact = new Argument<string>("artifact") { Description = "The file to sign" };
        var bundle = new Option<string?>("--bundle") { Description = "Where to write the bundle (default ARTIFACT.sigstore.json)" };
        var options = new SigningOptions();
        var command = new Command("sign", "Sign a file (keyless with an OIDC identity, or with --key) into a Sigstore bundle") { artifact, bundle };
        options.AddTo(command);
        command.SetRunner(async (parse, ct) =>
        {
            var path = parse.GetValue(artifact)!;
            var output = parse.GetValue(bundle) ?? path + ".sigstore.json";
            var payload = SigningPayload.ForArtifact(LocalFile.Read(path, "artifact", int.MaxValue));
            await options.SignToFileAsync(parse, payload, output, time, ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: signed {path}; bundle written to {output}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
