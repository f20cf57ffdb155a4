using System.Text.Json;
using Signet.Tuf.Json;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>The <c>signed</c> objects of the four top-level roles, as TUF §4.3–§4.6 lay them out.</summary>
public static class MetadataBodies
{
    public const string SpecVersion = "1.0.31";

    public static byte[] Root(long version, DateTimeOffset expires, bool consistentSnapshot,
        IReadOnlyDictionary<string, TufKey> keys, IReadOnlyDictionary<string, TufRole> roles) =>
        MetadataEnvelope.Create(w =>
        {
            Header(w, "root", version, expires);
            w.WriteBoolean("consistent_snapshot", consistentSnapshot);
            w.WriteStartObject("keys");
            foreach (var (id, key) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                w.WritePropertyName(id);
                key.ToJson().WriteTo(w);
            }

            w.WriteEndObject();
            w.WriteStartObject("roles");
            foreach (var name in RootMetadata.TopLevelRoles)
            {
                w.WritePropertyName(name);
                roles[name].WriteTo(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });

    public static byte[] Targets(long version, DateTimeOffset expires, IReadOnlyDictionary<string, TufFileInfo> targets) =>
        MetadataEnvelope.Create(w =>
        {
            Header(w, "targets", version, expires);
            w.WriteStartObject("targets");
            foreach (var (path, info) in targets.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(path);
                info.WriteFields(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });

    /// <summary>Snapshot naming targets.json's version, length and hashes (TUF §4.4).</summary>
    public static byte[] Snapshot(long version, DateTimeOffset expires, long targetsVersion, TufFileInfo targetsFile) =>
        NamingOneFile("snapshot", version, expires, "targets.json", targetsVersion, targetsFile);

    /// <summary>Timestamp naming snapshot.json's version, length and hashes (TUF §4.6).</summary>
    public static byte[] Timestamp(long version, DateTimeOffset expires, long snapshotVersion, TufFileInfo snapshotFile) =>
        NamingOneFile("timestamp", version, expires, "snapshot.json", snapshotVersion, snapshotFile);

    // Snapshot and timestamp have the same body: "meta" holding one METAFILE entry (TUF §4.4, §4.6).
    private static byte[] NamingOneFile(string type, long version, DateTimeOffset expires, string file, long fileVersion, TufFileInfo info) =>
        MetadataEnvelope.Create(w =>
        {
            Header(w, type, version, expires);
            w.WriteStartObject("meta");
            w.WriteStartObject(file);
            info.WriteFields(w);
            w.WriteNumber("version", fileVersion);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void Header(Utf8JsonWriter w, string type, long version, DateTimeOffset expires)
    {
        w.WriteStartObject();
        w.WriteString("_type", type);
        w.WriteString("spec_version", SpecVersion);
        w.WriteNumber("version", version);
        w.WriteString("expires", TufJson.FormatExpires(expires));
    }
}
