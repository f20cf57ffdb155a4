using System.Text.Json;

namespace Signet.Core.Tests.Notes;

/// <summary>Loads TestData/note (see its README for sources and licences).</summary>
internal static class NoteVectors
{
    private static readonly Lazy<JsonElement> Go = new(() => Load("golang-sumdb-note.json"));
    private static readonly Lazy<JsonElement> Rekor = new(() => Load("sigstore-rekor-checkpoints.json"));

    public static JsonElement Golang => Go.Value;

    public static JsonElement RekorCheckpoints => Rekor.Value;

    public static JsonElement OpenCase(string name) => Golang.GetProperty("open").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static JsonElement RekorCase(string name) => RekorCheckpoints.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "note", file)));
        return doc.RootElement.Clone();
    }
}
