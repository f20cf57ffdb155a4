using System.Diagnostics;

namespace Signet.Testing.Tls;

/// <summary>
/// A Kubernetes Secret (or ConfigMap) as the kubelet mounts it: each key a link <c>NAME → ..data/NAME</c>, <c>..data</c>
/// a link to a timestamped folder holding the files, and an update written to a new folder that <c>..data</c> is then
/// pointed at by renaming a new link over it (the kubelet's atomic writer); the old folder is removed. The links a
/// program is given never change, only what they lead to.
/// </summary>
public sealed class SecretVolume
{
    private int _version;

    /// <param name="directory">The mount point (created).</param>
    /// <param name="files">The keys and their contents.</param>
    public SecretVolume(string directory, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        Update(files);
        foreach (var name in files.Keys)
        {
            File.CreateSymbolicLink(PathOf(name), "..data/" + name);
        }
    }

    /// <summary>The mount point.</summary>
    public string Directory { get; }

    /// <summary>The path a program is given for a key (the link).</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Writes a new version of the files and swaps <c>..data</c> to it, then removes the previous version.</summary>
    public void Update(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var previous = _version == 0 ? null : Path.Combine(Directory, Folder(_version));
        _version++;
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, Folder(_version))).FullName;
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), content);
        }

        var next = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(next, Folder(_version));
        // rename(2) of the new link over ..data (.NET's File.Move follows a link to a folder and refuses it).
        using var rename = Process.Start("mv", ["-T", next, Path.Combine(Directory, "..data")])!;
        rename.WaitForExit();
        if (rename.ExitCode != 0)
        {
            throw new IOException($"mv -T {next} ..data: exit {rename.ExitCode}");
        }

        if (previous is not null)
        {
            System.IO.Directory.Delete(previous, recursive: true);
        }
    }

    private static string Folder(int version) => $"..2026_12_08_00_00_00.{version:D4}";
}
