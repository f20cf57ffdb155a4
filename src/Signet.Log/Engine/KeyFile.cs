using System.Text;
using Signet.Core.Encoding;
using Signet.Core.Keys;

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
            return SigningKey.FromPem(File.ReadAllText(path));
        }

        var key = generate();
        var pem = Pem.Encode(PemLabels.PrivateKey, key.ExportPkcs8());
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // private key: 0600
        }

        using (var f = new FileStream(temp, fileOptions))
        {
            f.Write(Encoding.ASCII.GetBytes(pem));
            f.Flush(flushToDisk: true);
        }

        File.Move(temp, path);
        Storage.DurableFiles.SyncDirectory(Path.GetDirectoryName(path)!);
        return key;
    }
}
