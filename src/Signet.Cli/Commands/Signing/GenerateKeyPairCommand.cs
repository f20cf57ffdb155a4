using System.CommandLine;
using Signet.Client.Keys;
using Signet.Core.Keys;
using Signet.Pkcs11;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet generate-key-pair [--output-key-prefix P]</c>: a P-256 key pair, the private key as password-encrypted
/// PKCS#8 PEM (<c>P.key</c>, mode 0600) and the public key as PEM (<c>P.pub</c>) (<see cref="KeyPairFiles"/>).
/// With <c>--pkcs11 URI</c> the token generates the pair (C_GenerateKeyPair; the private key sensitive and not
/// extractable, so it never leaves the token) under the URI's object label, and only <c>P.pub</c> is written.
/// </summary>
internal static class GenerateKeyPairCommand
{
    public static Command Create()
    {
        var prefix = new Option<string>("--output-key-prefix") { Description = "Path prefix of the key files", DefaultValueFactory = _ => "signet" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var pkcs11 = new Option<string?>("--pkcs11") { Description = "Generate the key inside this PKCS#11 token instead (pkcs11:token=T;object=NEW?module-path=LIB&pin-value=PIN); writes only PREFIX.pub" };
        var command = new Command("generate-key-pair", "Generate a password-encrypted key pair (or a key in a PKCS#11 token) for signet sign --key") { prefix, force, pkcs11 };
        command.SetRunner(async (parse, ct) =>
        {
            var files = KeyPairFiles.At(parse.GetValue(prefix)!);
            if (parse.GetValue(pkcs11) is { } uriText)
            {
                var uri = Pkcs11Uri.Parse(uriText);
                if (!parse.GetValue(force) && File.Exists(files.PublicKeyPath))
                {
                    throw new IOException($"{files.PublicKeyPath} exists; pass --force to overwrite");
                }

                using var inToken = SigningKey.FromEcdsa(Pkcs11Keys.GenerateEcdsa(uri));
                await File.WriteAllTextAsync(files.PublicKeyPath, inToken.PublicKey.ToPem(), ct).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: generated {uri} in the token; wrote {files.PublicKeyPath}").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            files.EnsureWritable(parse.GetValue(force));
            var password = KeyPassword.Read(null, Environment.GetEnvironmentVariable, SignerConsole.Terminal());
            using var key = SigningKey.GenerateEcdsaP256();
            files.Write(key, password, parse.GetValue(force));
            await parse.InvocationConfiguration.Output.WriteLineAsync($"signet: wrote {files.KeyPath} (encrypted) and {files.PublicKeyPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
