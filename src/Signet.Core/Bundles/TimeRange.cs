using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>
/// protobuf-specs <c>TimeRange</c>: a closed interval [start, end]; a missing end means "still valid".
/// The start is required when the range is present (a range without a start is malformed, not unbounded).
/// </summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>True when <paramref name="t"/> lies in the closed interval (both ends inclusive).</summary>
    public bool Contains(DateTimeOffset t) => t >= Start && (End is null || t <= End.Value);

    internal static TimeRange? ReadOptional(JsonField parent, string name)
    {
        if (parent.OptionalObject(name) is not { } o)
        {
            return null;
        }

        var start = o.OptionalTimestamp("start") ?? throw o.ErrorAt("start", "missing (a validity range must have a start)");
        var end = o.OptionalTimestamp("end");
        if (end is not null && end < start)
        {
            throw o.Error("end is before start");
        }

        return new TimeRange(start, end);
    }

    internal void Write(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteString("start", ProtobufJson.FormatTimestamp(Start));
        if (End is not null)
        {
            w.WriteString("end", ProtobufJson.FormatTimestamp(End.Value));
        }

        w.WriteEndObject();
    }
}
