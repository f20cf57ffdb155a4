using Signet.Tuf.Client;

namespace Signet.Tuf.Repository;

/// <summary>
/// A repository's <c>staged/</c> folder: <c>root.json</c> and <c>targets.json</c> waiting for their key holders'
/// signatures, one after another, and the files of the staged targets (<c>staged/targets/*</c>).
/// </summary>
internal sealed class StagedMetadata(string directory)
{
    private string TargetsDirectory => Path.Combine(directory, "targets");

    /// <summary>The staged <paramref name="name"/> (<c>root.json</c> or <c>targets.json</c>), or null.</summary>
    public byte[]? Read(string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void Write(string name, byte[] data) => FileSystemTufCache.WriteAtomically(Path.Combine(directory, name), data);

    public void Delete(string name) => File.Delete(Path.Combine(directory, name));

    public void WriteTarget(string targetPath, ReadOnlySpan<byte> content) =>
        FileSystemTufCache.WriteAtomically(TargetPath(targetPath), content);

    /// <summary>The staged content of a target, or null when it was published before and is unchanged.</summary>
    public byte[]? ReadTarget(string targetPath)
    {
        var path = TargetPath(targetPath);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Forgets the staged target files (once they are published).</summary>
    public void DeleteTargets()
    {
        if (Directory.Exists(TargetsDirectory))
        {
            Directory.Delete(TargetsDirectory, recursive: true);
        }
    }

    private string TargetPath(string targetPath) => Path.Combine(TargetsDirectory, Uri.EscapeDataString(targetPath));
}
