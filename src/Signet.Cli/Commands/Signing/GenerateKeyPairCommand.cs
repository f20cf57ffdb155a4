using System.CommandLine;
using System.Text;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet generate-key-pair [--output-key-prefix P]</c>: a P-256 key pair, the private key as password-encrypted
/// PKCS#8 PEM (<c>P.key</c>, mode 0600) and the public key as PEM (<c>P.pub</c>). The private key never touches the
/// disk unencrypted, and an empty password is refused.
/// </summary>
internal static class GenerateKeyPairCommand
{
    public static Command Create()
    {
        var prefix = new Option<string>("--output-key-prefix") { Description = "Path prefix of the key files", DefaultValueFactory = _ => "signet" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var command = new Command("generate-key-pair", "Generate a password-encrypted key pair for signet sign --key") { prefix, force };
        command.SetAction((parse, ct) => SigningCli.RunAsync("generate-key-pair", parse.InvocationConfiguration.Error, async () =>
        {
            var p = parse.GetValue(prefix)!;
            var keyPath = p + ".key";
            var pubPath = p + ".pub";
            if (!parse.GetValue(force) && (File.Exists(keyPath) || File.Exists(pubPath)))
            {
                throw new IOException($"{keyPath} or {pubPath} exists; pass --force to overwrite");
            }

            var password = SigningCli.ReadPassword(Environment.GetEnvironmentVariable, Console.In);
            if (password.Length == 0)
            {
                throw new KeyPasswordException("refusing an empty password: the private key would be as good as unencrypted");
            }

            using var key = SigningKey.GenerateEcdsaP256();
            var encrypted = key.ExportEncryptedPkcs8Pem(password);
            SigningCli.WriteAtomically(keyPath, Encoding.ASCII.GetBytes(encrypted), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            SigningCli.WriteAtomically(pubPath, Encoding.ASCII.GetBytes(key.PublicKey.ToPem()));
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: wrote {keyPath} (encrypted) and {pubPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
