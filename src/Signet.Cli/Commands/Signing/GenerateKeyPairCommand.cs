using System.CommandLine;
using Signet.Client.Keys;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet generate-key-pair [--output-key-prefix P]</c>: a P-256 key pair, the private key as password-encrypted
/// PKCS#8 PEM (<c>P.key</c>, mode 0600) and the public key as PEM (<c>P.pub</c>) (<see cref="KeyPairFiles"/>).
/// </summary>
internal static class GenerateKeyPairCommand
{
    public static Command Create()
    {
        var prefix = new Option<string>("--output-key-prefix") { Description = "Path prefix of the key files", DefaultValueFactory = _ => "signet" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var command = new Command("generate-key-pair", "Generate a password-encrypted key pair for signet sign --key") { prefix, force };
        command.SetRunner(async (parse, ct) =>
        {
            var files = KeyPairFiles.At(parse.GetValue(prefix)!);
            files.EnsureWritable(parse.GetValue(force));
            var password = KeyPassword.Read(null, Environment.GetEnvironmentVariable, SignerConsole.Terminal());
            using var key = SigningKey.GenerateEcdsaP256();
            files.Write(key, password);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: wrote {files.KeyPath} (encrypted) and {files.PublicKeyPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
