using System.Globalization;
using System.Text.Json;
using Signet.Core;
using Signet.Files;

namespace Signet.Client.Monitoring;

/// <summary>
/// A <see cref="LogMonitorState"/> in a JSON file: <c>{"url", "treeSize", "rootHash" (hex), "publicKey" (PEM),
/// "checkpoint" (the signed note), "verifiedAt"}</c>, replaced atomically (<see cref="DurableFile"/>) so that a crash never leaves half a state.
/// </summary>
public sealed class LogMonitorStateFile(string path) : ILogMonitorStateStore
{
    private const int MaxBytes = 1024 * 1024;

    /// <summary>The file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The default file for <paramref name="logUrl"/> in <paramref name="directory"/>: one per host and port.</summary>
    public static string DefaultPath(string directory, Uri logUrl)
    {
        ArgumentNullException.ThrowIfNull(logUrl);
        return System.IO.Path.Combine(directory, string.Concat(logUrl.Authority.Select(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' ? ch : '_')) + ".json");
    }

    /// <inheritdoc/>
    public LogMonitorState? Load()
    {
        var info = new FileInfo(Path);
        if (!info.Exists)
        {
            return null;
        }

        if (info.Length > MaxBytes)
        {
            throw new SignetFormatException($"state file {Path} is larger than {MaxBytes} bytes");
        }

        using var doc = ClientJson.Parse(File.ReadAllBytes(Path), $"state file {Path}");
        var r = doc.RootElement;
        string? Text(string name) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var url = Text("url");
        var root = Text("rootHash");
        if (url is null || root is null || !ulong.TryParse(Text("treeSize"), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new SignetFormatException($"state file {Path} lacks url, treeSize or rootHash");
        }

        if (root.Length != 64 || !root.All(Uri.IsHexDigit))
        {
            throw new SignetFormatException($"state file {Path}: rootHash is not 64 hex digits");
        }

        DateTimeOffset? verifiedAt = DateTimeOffset.TryParse(Text("verifiedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new LogMonitorState(url, new LogTreeHead(size, Convert.FromHexString(root)), Text("publicKey")) { VerifiedAt = verifiedAt, Checkpoint = Text("checkpoint") };
    }

    /// <inheritdoc/>
    public void Save(LogMonitorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("url", state.LogUrl);
            w.WriteString("treeSize", state.Tree.Size.ToString(CultureInfo.InvariantCulture));
            w.WriteString("rootHash", Convert.ToHexStringLower(state.Tree.RootHash));
            w.WriteString("publicKey", state.PublicKeyPem);
            if (state.Checkpoint is { } checkpoint)
            {
                w.WriteString("checkpoint", checkpoint);
            }

            if (state.VerifiedAt is { } at)
            {
                w.WriteString("verifiedAt", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            }

            w.WriteEndObject();
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            DurableFile.Replace(Path, buffer.ToArray());
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // The checkpoint was verified; only remembering it failed (a folder this user cannot write: a container's
            // arbitrary user with HOME=/). Said as such, not as .NET's "Access to the path … is denied".
            throw new SignetConfigurationException(
                $"the monitor's state {Path} cannot be written ({e.Message}); give --state FILE in a folder this user can write (or set HOME)", e);
        }
    }
}
