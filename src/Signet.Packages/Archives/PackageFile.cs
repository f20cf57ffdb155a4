namespace Signet.Packages.Archives;

/// <summary>One regular file of a package: its path inside the archive (forward slashes) and its bytes.</summary>
public sealed record PackageFile(string Path, ReadOnlyMemory<byte> Content)
{
    /// <summary>The file name after the last slash.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The extension with its dot, lower-case (<c>.js</c>), or empty.</summary>
    public string Extension
    {
        get
        {
            var name = Name;
            var dot = name.LastIndexOf('.');
            return dot <= 0 ? string.Empty : name[dot..].ToLowerInvariant();
        }
    }
}
