using System.Text;
using Signet.Core.Keys;
using Signet.Files;

namespace Signet.Client.Keys;

/// <summary>
/// A key pair on disk as <c>signet sign --key</c> reads it: <c>PREFIX.key</c>, the private key as password-encrypted
/// PKCS#8 PEM (mode 0600), and <c>PREFIX.pub</c>, the public key as PEM. The private key never touches the disk
/// unencrypted, and an empty password is refused (the key would be as good as unencrypted).
/// </summary>
/// <param name="KeyPath">The private key file.</param>
/// <param name="PublicKeyPath">The public key file.</param>
public sealed record KeyPairFiles(string KeyPath, string PublicKeyPath)
{
    /// <summary>The two files under <paramref name="prefix"/>.</summary>
    /// <param name="prefix">Path prefix of both files.</param>
    public static KeyPairFiles At(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return new KeyPairFiles(prefix + ".key", prefix + ".pub");
    }

    /// <summary>Throws unless both files may be written: absent, or <paramref name="overwrite"/>.</summary>
    /// <param name="overwrite">Replace existing files.</param>
    /// <exception cref="IOException">A file exists and may not be replaced.</exception>
    public void EnsureWritable(bool overwrite)
    {
        if (!overwrite && (File.Exists(KeyPath) || File.Exists(PublicKeyPath)))
        {
            throw new IOException($"{KeyPath} or {PublicKeyPath} exists; pass --force to overwrite");
        }
    }

    /// <summary>
    /// Writes <paramref name="key"/> encrypted with <paramref name="password"/>, and its public key. Unless
    /// <paramref name="overwrite"/>, each file is created only if absent, atomically (<see cref="DurableFile.CreateNew(string, ReadOnlySpan{byte}, UnixFileMode)"/>):
    /// of several commands writing one prefix at once, one writes the pair and the others are refused — none reports a
    /// key that another then replaced, and the two files are always one pair.
    /// </summary>
    /// <param name="key">The key pair.</param>
    /// <param name="password">The password; must not be empty.</param>
    /// <param name="overwrite">Replace existing files (<c>--force</c>).</param>
    /// <exception cref="KeyPasswordException">The password is empty.</exception>
    /// <exception cref="IOException">A file exists and may not be replaced.</exception>
    public void Write(SigningKey key, string password, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        WritePem(Encoding.ASCII.GetBytes(key.ExportEncryptedPkcs8Pem(RequireNewPassword(password))), Encoding.ASCII.GetBytes(key.PublicKey.ToPem()), overwrite);
    }

    /// <summary>
    /// Writes the private key file (mode 0600) and the public key file as <see cref="Write"/> does, from their PEM
    /// (a TUF key holder's key may be plain PKCS#8: <c>signet tuf keygen --unencrypted</c>).
    /// </summary>
    /// <param name="privatePem">The private key file's bytes.</param>
    /// <param name="publicPem">The public key file's bytes.</param>
    /// <param name="overwrite">Replace existing files.</param>
    /// <exception cref="IOException">A file exists and may not be replaced.</exception>
    public void WritePem(byte[] privatePem, byte[] publicPem, bool overwrite)
    {
        if (overwrite)
        {
            DurableFile.Replace(KeyPath, privatePem, DurableFile.Private);
            DurableFile.Replace(PublicKeyPath, publicPem);
            return;
        }

        CreateNew(KeyPath, privatePem, DurableFile.Private);
        try
        {
            CreateNew(PublicKeyPath, publicPem, DurableFile.Readable);
        }
        catch (IOException)
        {
            File.Delete(KeyPath); // ours, just made: no private key without its public key
            throw;
        }
    }

    private static void CreateNew(string path, byte[] bytes, UnixFileMode mode)
    {
        try
        {
            DurableFile.CreateNew(path, bytes, mode);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new IOException($"{path} already exists; it is not replaced", e);
        }
    }

    /// <summary>Returns <paramref name="password"/> unless it is empty: a key encrypted with an empty password is as
    /// good as unencrypted.</summary>
    /// <param name="password">The password a new key file is to be encrypted with.</param>
    /// <exception cref="KeyPasswordException">The password is empty.</exception>
    public static string RequireNewPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length > 0
            ? password
            : throw new KeyPasswordException("refusing an empty password: the private key would be as good as unencrypted");
    }
}
