using System.CommandLine;
using System.Text;
using Signet.Client;
using Signet.Client.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet import-key-pair --key cosign.key [--output-key-prefix P]</c>: re-encrypts a cosign key (scrypt +
/// secretbox) as Signet's password-encrypted PKCS#8 (<c>P.key</c>, 0600) with the same password, and writes the
/// public key (<c>P.pub</c>) (<see cref="KeyPairFiles"/>).
/// </summary>
internal static class ImportKeyPairCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "cosign's encrypted private key (ENCRYPTED SIGSTORE/COSIGN PRIVATE KEY)", Required = true };
        var prefix = new Option<string>("--output-key-prefix") { Description = "Path prefix of the key files", DefaultValueFactory = _ => "import-signet" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var passwordFile = new Option<string?>("--password-file") { Description = "Read the password from this file (else SIGNET_PASSWORD, COSIGN_PASSWORD, or standard input)" };
        var command = new Command("import-key-pair", "Import a cosign encrypted key pair as a Signet key for signet sign --key") { key, prefix, force, passwordFile };
        command.SetRunner(async (parse, ct) =>
        {
            var files = KeyPairFiles.At(parse.GetValue(prefix)!);
            files.EnsureWritable(parse.GetValue(force));
            var pem = Encoding.UTF8.GetString(LocalFile.Read(parse.GetValue(key)!, "key", PrivateKeyFile.MaxSize));
            if (!CosignEncryptedKey.IsCosignKey(pem))
            {
                throw new Core.SignetFormatException($"key: {parse.GetValue(key)} is not a cosign encrypted key (no {CosignEncryptedKey.SigstoreLabel} or {CosignEncryptedKey.CosignLabel} PEM block)");
            }

            var password = KeyPairFiles.RequireNewPassword(KeyPassword.Read(parse.GetValue(passwordFile), Environment.GetEnvironmentVariable, SignerConsole.Terminal()));

            using var signingKey = CosignEncryptedKey.Import(pem, password);
            files.Write(signingKey, password, parse.GetValue(force));
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: imported {parse.GetValue(key)} into {files.KeyPath} (encrypted) and {files.PublicKeyPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
