using Signet.Core.Keys;

namespace Signet.Cli.Commands;

/// <summary>Reading and writing the PEM key files of TUF key holders.</summary>
internal static class KeyFiles
{
    public static SigningKey ReadPrivate(string path) => SigningKey.FromPem(File.ReadAllText(path));

    /// <summary>A public key from a <c>PUBLIC KEY</c> PEM file, or derived from a private key file.</summary>
    public static VerificationKey ReadPublic(string path)
    {
        var pem = File.ReadAllText(path);
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            using var key = SigningKey.FromPem(pem);
            return key.PublicKey;
        }

        return VerificationKey.FromPem(pem);
    }

    /// <summary>Writes <c>PATH</c> (PKCS#8 private key, mode 0600) and <c>PATH.pub</c>.</summary>
    public static void Write(string path, SigningKey key)
    {
        var privatePem = Signet.Core.Encoding.Pem.Encode("PRIVATE KEY", key.ExportPkcs8());
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var w = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            w.Write(privatePem);
        }

        File.WriteAllText(path + ".pub", key.PublicKey.ToPem());
    }
}
