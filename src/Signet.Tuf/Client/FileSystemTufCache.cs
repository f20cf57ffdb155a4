using Signet.Files;

namespace Signet.Tuf.Client;

/// <summary>
/// The local trust store on disk: <c>DIR/metadata/{root,timestamp,snapshot,targets,DELEGATED}.json</c> and
/// <c>DIR/targets/&lt;escaped target path&gt;</c>. Every write goes to a temporary file in the same folder, is flushed
/// to disk, then renamed over the old file, so a crash leaves the old file or the new one.
/// </summary>
public sealed class FileSystemTufCache : ITufCache
{
    public FileSystemTufCache(string directory)
    {
        Directory = Path.GetFullPath(directory);
        MetadataDirectory = Path.Combine(Directory, "metadata");
        TargetsDirectory = Path.Combine(Directory, "targets");
    }

    public string Directory { get; }

    public string MetadataDirectory { get; }

    public string TargetsDirectory { get; }

    public byte[]? ReadMetadata(string role) => ReadIfExists(MetadataPath(role));

    public void WriteMetadata(string role, ReadOnlySpan<byte> data) => WriteAtomically(MetadataPath(role), data);

    public void DeleteMetadata(string role) => File.Delete(MetadataPath(role));

    public byte[]? ReadTarget(string targetPath) => ReadIfExists(TargetPath(targetPath));

    public void WriteTarget(string targetPath, ReadOnlySpan<byte> data) => WriteAtomically(TargetPath(targetPath), data);

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/>, creating its folder, through <see cref="DurableFile.Replace(string, ReadOnlySpan{byte}, UnixFileMode)"/>.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> data)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFile.Replace(path, data);
    }

    // Delegated role names are escaped into one file name; they can never be a top-level role's name (TUF §4.5).
    private string MetadataPath(string role) => role.Length is > 0 and <= 255
        ? Path.Combine(MetadataDirectory, Uri.EscapeDataString(role) + ".json")
        : throw new ArgumentException($"not a role name: {role}", nameof(role));

    // Target paths may hold '/', so they are escaped into one file name (as python-tuf does).
    private string TargetPath(string targetPath) => Path.Combine(TargetsDirectory, Uri.EscapeDataString(targetPath));

    private static byte[]? ReadIfExists(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
