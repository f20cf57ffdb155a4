using System.Text;
using Signet.Client.Keys;
using Signet.Core;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// Opens a private key file for <c>--key</c>: Signet's password-encrypted PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>,
/// from <c>signet generate-key-pair</c>) or cosign's (<c>ENCRYPTED SIGSTORE PRIVATE KEY</c> / <c>ENCRYPTED COSIGN
/// PRIVATE KEY</c>). The password is asked for only once the format is known to need one.
/// </summary>
internal static class PrivateKeyFile
{
    public const int MaxSize = 64 * 1024;

    public static SigningKey Open(string path, Func<string> password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var pem = Encoding.UTF8.GetString(SigningCli.ReadFile(path, "key", MaxSize));
        if (CosignEncryptedKey.IsCosignKey(pem))
        {
            return CosignEncryptedKey.Import(pem, password());
        }

        if (pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return SigningKey.ImportEncryptedPkcs8Pem(pem, password());
        }

        throw new SignetFormatException(
            $"key: {path} is not an encrypted private key (expected ENCRYPTED PRIVATE KEY from signet generate-key-pair, or cosign's ENCRYPTED SIGSTORE PRIVATE KEY)");
    }
}
