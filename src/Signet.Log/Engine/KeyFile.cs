using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Files;

namespace Signet.Log.Engine;

/// <summary>A private key kept as PKCS#8 PEM in a file of mode 0600, created (durably) on first use.</summary>
public static class KeyFile
{
    /// <summary>The key in <paramref name="path"/>; when there is none, a new one from <paramref name="generate"/>,
    /// written to a temporary file (0600), fsync'd, renamed into place and its directory fsync'd.</summary>
    /// <param name="path">The PEM file; its directory is created if needed.</param>
    /// <param name="generate">Makes the key on first use.</param>
    public static SigningKey LoadOrCreate(string path, Func<SigningKey> generate)
    {
        ArgumentNullException.ThrowIfNull(generate);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            return SigningKey.FromPem(File.ReadAllText(path), path);
        }

        var key = generate();
        DurableFile.CreateNew(path, Pem.Encode(PemLabels.PrivateKey, key.ExportPkcs8()));
        return key;
    }
}
