using System.Text;
using Signet.Client.Storage;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// The files <c>generate-key-pair</c> and <c>import-key-pair</c> write: <c>PREFIX.key</c>, password-encrypted PKCS#8
/// (mode 0600), and <c>PREFIX.pub</c>, each atomically. Existing files are replaced only with <c>--force</c>; an empty
/// password is refused, since the key would be as good as unencrypted.
/// </summary>
internal sealed record KeyPairFiles(string KeyPath, string PublicKeyPath)
{
    public static KeyPairFiles For(string prefix, bool force)
    {
        var files = new KeyPairFiles(prefix + ".key", prefix + ".pub");
        if (!force && (File.Exists(files.KeyPath) || File.Exists(files.PublicKeyPath)))
        {
            throw new IOException($"{files.KeyPath} or {files.PublicKeyPath} exists; pass --force to overwrite");
        }

        return files;
    }

    /// <summary>A password to encrypt a new private key file with: anything but empty.</summary>
    public static string RequireNewPassword(string password) => password.Length > 0
        ? password
        : throw new KeyPasswordException("refusing an empty password: the private key would be as good as unencrypted");

    public void Write(SigningKey key, string password)
    {
        AtomicFile.Write(KeyPath, Encoding.ASCII.GetBytes(key.ExportEncryptedPkcs8Pem(RequireNewPassword(password))), AtomicFile.Private);
        AtomicFile.Write(PublicKeyPath, Encoding.ASCII.GetBytes(key.PublicKey.ToPem()));
    }
}
