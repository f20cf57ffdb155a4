using System.CommandLine;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet public-key --key REF [--output-file F]</c> (cosign's <c>public-key</c>): the public PEM of any key Signet
/// signs with — a public or private key file (an encrypted one asks for its password) or a key in a PKCS#11 token.
/// </summary>
internal static class PublicKeyCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The key: a PEM file (public, private or encrypted private) or a pkcs11: URI", Required = true };
        var output = new Option<string?>("--output-file") { Description = "Write the PEM here instead of standard output" };
        var passwordFile = new Option<string?>("--password-file") { Description = "File holding an encrypted key's password" };
        var command = new Command("public-key", "Print the public key (PEM) of a key file or a key in a PKCS#11 token") { key, output, passwordFile };
        command.SetRunner(async (parse, ct) =>
        {
            var reference = parse.GetValue(key)!;
            var pem = PublicKeyOf(reference, parse.GetValue(passwordFile)).ToPem();
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, pem, ct).ConfigureAwait(false);
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteAsync(pem).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static VerificationKey PublicKeyOf(string reference, string? passwordFile)
    {
        if (KeyReference.PublicKeyInModule(reference) is { } inModule)
        {
            return inModule;
        }

        var text = System.Text.Encoding.UTF8.GetString(CliFiles.Read(reference, "--key", Client.Keys.PrivateKeyFile.MaxSize));
        if (text.Contains("ENCRYPTED", StringComparison.Ordinal) && text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            using var opened = Client.Keys.PrivateKeyFile.Open(reference, () => KeyFiles.ReadPassword(passwordFile));
            return opened.PublicKey;
        }

        return KeyFiles.ReadPublic(reference);
    }
}
