using System.Text;
using Signet.Core;
using Signet.Core.Keys;

namespace Signet.Client.Keys;

/// <summary>
/// Opens a private key file for signing with a key: Signet's password-encrypted PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>,
/// from <c>signet generate-key-pair</c>) or cosign's (<c>ENCRYPTED SIGSTORE PRIVATE KEY</c> / <c>ENCRYPTED COSIGN
/// PRIVATE KEY</c>). The password is asked for only once the format is known to need one.
/// </summary>
public static class PrivateKeyFile
{
    /// <summary>The largest key file read.</summary>
    public const int MaxSize = 64 * 1024;

    /// <summary>Reads and decrypts the key at <paramref name="path"/>.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="password">Asked once the file is known to be an encrypted key.</param>
    /// <exception cref="SignetFormatException">The file is missing, too large, or not an encrypted private key.</exception>
    /// <exception cref="KeyPasswordException">The password does not decrypt the key.</exception>
    public static SigningKey Open(string path, Func<string> password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var pem = Encoding.UTF8.GetString(LocalFile.Read(path, "key", MaxSize));
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
