using System.Text.Json;

namespace Signet.Core.Bundle;

/// <summary>
/// protobuf-specs <c>TimeRange</c>: a closed interval [start, end]; a missing end means "still valid".
/// The start is required when the range is present (a range without a start is malformed, not unbounded).
/// </summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>True when <paramref name="t"/> lies in the closed interval (both ends inclusive).</summary>
    public bool Contains(DateTimeOffset t) => t >= Start && (End is null || t <= End.Value);

    internal static TimeRange? ReadOptional(JsonElement parent, string name, string path)
    {
        var o = ProtoJson.OptionalObject(parent, name, path);
        if (o is null)
        {
            return null;
        }

        var p = $"{path}.{name}";
        var start = ProtoJson.OptionalTimestamp(o.Value, "start", p)
            ?? throw new SignetFormatException($"{p}.start: missing (a validity range must have a start)");
        var end = ProtoJson.OptionalTimestamp(o.Value, "end", p);
        if (end is not null && end < start)
        {
            throw new SignetFormatException($"{p}: end is before start");
        }

        return new TimeRange(start, end);
    }

    internal void Write(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteString("start", ProtoJson.FormatTimestamp(Start));
        if (End is not null)
        {
            w.WriteString("end", ProtoJson.FormatTimestamp(End.Value));
        }

        w.WriteEndObject();
    }
}
