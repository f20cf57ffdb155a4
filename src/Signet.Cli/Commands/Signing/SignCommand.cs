using System.CommandLine;
using Signet.Client.Signing;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet sign ARTIFACT [--bundle OUT] [--identity-token T | --key KEY] [--signing-config F] [--trusted-root F]</c>:
/// a message signature over the artifact in a v0.3 bundle, keyless by default.
/// </summary>
internal static class SignCommand
{
    public static Command Create()
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
            var payload = SigningPayload.ForArtifact(SigningCli.ReadFile(path, "artifact", int.MaxValue));
            var signed = await SigningSession.SignAsync(options.Read(parse, output), payload, Console.In, ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: signed {path}; bundle written to {output}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>The options every signing command takes.</summary>
internal sealed class SigningOptions
{
    public Option<string?> IdentityToken { get; } = new("--identity-token") { Description = "OIDC identity token (or a file holding one); default SIGSTORE_ID_TOKEN, GitHub Actions' ambient token, then an interactive login" };

    public Option<string?> OidcIssuer { get; } = new("--oidc-issuer") { Description = "OIDC issuer to log in at when no token is given (default: the signing config's OIDC URL)" };

    public Option<string> OidcClientId { get; } = new("--oidc-client-id") { Description = "OAuth client ID of the interactive login", DefaultValueFactory = _ => "sigstore" };

    public Option<bool> OidcDeviceFlow { get; } = new("--oidc-device-flow") { Description = "Log in with the device flow (a code to enter on another device) instead of a browser redirect" };

    public Option<string?> Key { get; } = new("--key") { Description = "Sign with this encrypted private key (signet generate-key-pair, or a cosign key) instead of keyless; password from --password-file, SIGNET_PASSWORD, COSIGN_PASSWORD or stdin" };

    public Option<string?> PasswordFile { get; } = new("--password-file") { Description = "File holding the --key password" };

    public Option<string?> SigningConfig { get; } = new("--signing-config") { Description = "Signing config (services to use), bypassing TUF, e.g. DATA_DIR/signing_config.v0.2.json of signet serve (default: signing_config.v0.2.json of the TUF trust store, see signet trust)" };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Trusted root to verify the new bundle with (default: trusted_root.json next to --signing-config, else that of the TUF trust store)" };

    public void AddTo(Command command)
    {
        command.Options.Add(IdentityToken);
        command.Options.Add(OidcIssuer);
        command.Options.Add(OidcClientId);
        command.Options.Add(OidcDeviceFlow);
        command.Options.Add(Key);
        command.Options.Add(PasswordFile);
        command.Options.Add(SigningConfig);
        command.Options.Add(TrustedRoot);
    }

    public SigningRequest Read(ParseResult parse, string bundlePath) => new(
        parse.GetValue(IdentityToken), parse.GetValue(Key), parse.GetValue(SigningConfig), parse.GetValue(TrustedRoot), bundlePath)
    {
        OidcIssuer = parse.GetValue(OidcIssuer),
        OidcClientId = parse.GetValue(OidcClientId) ?? Client.Identity.InteractiveLoginOptions.SigstoreClientId,
        OidcDeviceFlow = parse.GetValue(OidcDeviceFlow),
        PasswordFile = parse.GetValue(PasswordFile),
    };
}
