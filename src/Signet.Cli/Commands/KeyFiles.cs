using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Cli.Commands;

/// <summary>
/// Reading and writing the PEM key files of TUF key holders. Offline (root, targets) keys are PBES2-encrypted PKCS#8
/// (<see cref="SigningKey.ExportEncryptedPkcs8Pem"/>); the online key signs unattended inside <c>signet serve</c>, so it
/// is the one key kept unencrypted, and only when asked for explicitly (<c>signet tuf keygen --unencrypted</c>).
/// </summary>
internal static class KeyFiles
{
    /// <summary>A key file's text, read with the key files' size limit (a missing or empty name is invalid input).</summary>
    private static string ReadText(string path) => System.Text.Encoding.UTF8.GetString(CliFiles.Read(path, "key", Signet.Client.Keys.PrivateKeyFile.MaxSize));

    /// <summary>A private key file; an encrypted one is opened with <paramref name="password"/> (asked only then).</summary>
    public static SigningKey ReadPrivate(string path, Func<string> password)
    {
        var pem = ReadText(path);
        return IsEncrypted(pem) ? SigningKey.ImportEncryptedPkcs8Pem(pem, password()) : SigningKey.FromPem(pem);
    }

    /// <summary>The online (snapshot/timestamp) private key, which must be unencrypted for the server to use it.</summary>
    public static SigningKey ReadOnline(string path)
    {
        var pem = ReadText(path);
        return IsEncrypted(pem) ? throw OnlineEncrypted(path) : SigningKey.FromPem(pem);
    }

    /// <summary>Refuses an encrypted online key file up front (signet serve re-signs timestamps with it unattended).</summary>
    public static void RequireUnencryptedOnline(string path)
    {
        if (IsEncrypted(ReadText(path)))
        {
            throw OnlineEncrypted(path);
        }
    }

    /// <summary>A public key from a <c>PUBLIC KEY</c> PEM file, derived from an unencrypted private key file, or read from a PKCS#11 token (<c>pkcs11:</c> URI).</summary>
    public static VerificationKey ReadPublic(string path)
    {
        if (KeyReference.PublicKeyInModule(path) is { } inModule)
        {
            return inModule;
        }

        var pem = ReadText(path);
        if (IsEncrypted(pem))
        {
            throw new SignetFormatException($"{path} is an encrypted private key: give its public key file ({path}.pub)");
        }

        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            using var key = SigningKey.FromPem(pem);
            return key.PublicKey;
        }

        return VerificationKey.FromPem(pem);
    }

    /// <summary>
    /// Writes <c>PATH</c> (mode 0600; encrypted with <paramref name="password"/>, or plain PKCS#8 when it is null) and
    /// <c>PATH.pub</c>. An existing file is never overwritten.
    /// </summary>
    public static void Write(string path, SigningKey key, string? password)
    {
        var privatePem = password is null
            ? Pem.Encode(PemLabels.PrivateKey, key.ExportPkcs8())
            : key.ExportEncryptedPkcs8Pem(password);
        new Client.Keys.KeyPairFiles(path, path + ".pub").WritePem(System.Text.Encoding.ASCII.GetBytes(privatePem), System.Text.Encoding.ASCII.GetBytes(key.PublicKey.ToPem()), overwrite: false);
    }

    /// <summary>
    /// A key holder's password: the first line of <paramref name="passwordFile"/>, else <c>$SIGNET_PASSWORD</c>
    /// (or <c>$COSIGN_PASSWORD</c>), else one line of standard input.
    /// </summary>
    public static string ReadPassword(string? passwordFile)
    {
        if (passwordFile is null)
        {
            return Client.Keys.KeyPassword.Read(null, Environment.GetEnvironmentVariable, Signing.SignerConsole.Terminal());
        }

        var text = System.Text.Encoding.UTF8.GetString(Client.LocalFile.Read(passwordFile, "password file", Client.Keys.KeyPassword.MaxFileSize));
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static bool IsEncrypted(string pem) => pem.Contains($"-----BEGIN {PemLabels.EncryptedPrivateKey}-----", StringComparison.Ordinal);

    private static SignetFormatException OnlineEncrypted(string path) =>
        new($"{path}: the online key re-signs timestamp and snapshot unattended (signet serve), so it cannot be encrypted; make it with signet tuf keygen --unencrypted");
}
