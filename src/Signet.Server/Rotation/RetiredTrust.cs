using Signet.Core.Bundles;
using Signet.Files;

namespace Signet.Server.Rotation;

/// <summary>
/// The trust entries of keys that were rotated out (<c>signet serve --rotate</c>), each with its validity window
/// closed: kept in <c>DIR/rotation/retired_trusted_root.json</c> (a trusted root of those entries only) and listed
/// again in every <c>trusted_root.json</c> the server writes, so what they signed before the rotation still verifies.
/// </summary>
public static class RetiredTrust
{
    /// <summary>The file's name under <c>DIR/rotation</c>.</summary>
    public const string FileName = "retired_trusted_root.json";

    /// <summary>The retired entries (an empty trusted root when nothing was rotated).</summary>
    /// <param name="options">The server's options (its data directory).</param>
    public static TrustedRoot Load(SignetServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.PathOf(KeyRotation.StateFolder, FileName);
        return File.Exists(path) ? TrustedRoot.Parse(File.ReadAllBytes(path)) : new TrustedRoot(MediaTypes.TrustedRootV01Suffix, [], [], [], []);
    }

    /// <summary>Replaces the file (atomically: a temporary file renamed over it).</summary>
    internal static void Save(SignetServerOptions options, TrustedRoot retired)
    {
        var path = options.PathOf(KeyRotation.StateFolder, FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFile.Replace(path, retired.ToJson());
    }

    /// <summary>When the last key of a kind was retired: the current key's window starts there, not earlier.</summary>
    /// <param name="windows">The retired entries' windows of one kind.</param>
    /// <param name="start">The current key's start as its files tell it.</param>
    public static DateTimeOffset StartAfter(IEnumerable<TimeRange?> windows, DateTimeOffset start)
    {
        foreach (var w in windows)
        {
            if (w?.End is { } end && end > start)
            {
                start = end;
            }
        }

        return start;
    }
}
