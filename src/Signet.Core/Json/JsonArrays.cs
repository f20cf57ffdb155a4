using System.Text.Json;

namespace Signet.Core.Json;

/// <summary>
/// Named JSON arrays written with a <see cref="Utf8JsonWriter"/> in one call: the array's start, one value or object per
/// item, and its end, so that reports and documents say what each item holds and nothing else.
/// </summary>
public static class JsonArrays
{
    /// <summary>Writes <c>"propertyName": [{…}, …]</c>: an object per item, whose members <paramref name="writeMembers"/> writes.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="propertyName">The array's member name.</param>
    /// <param name="items">The items, in order.</param>
    /// <param name="writeMembers">Writes one item's members (between the object's braces).</param>
    public static void WriteObjectArray<T>(this Utf8JsonWriter writer, string propertyName, IEnumerable<T> items, Action<T> writeMembers)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writeMembers);
        writer.WriteStartArray(propertyName);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writeMembers(item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"propertyName": ["…", …]</c>.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="propertyName">The array's member name.</param>
    /// <param name="values">The strings, in order.</param>
    public static void WriteStringArray(this Utf8JsonWriter writer, string propertyName, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray(propertyName);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
