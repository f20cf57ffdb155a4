using System.Buffers;
using System.Text.Json;

namespace Signet.Core.Json;

/// <summary>
/// The walk every canonical JSON form shares: no insignificant whitespace, object members sorted, arrays in order,
/// <c>true</c>/<c>false</c>/<c>null</c> as literals. A form supplies only what its specification decides — the order
/// of member names and how strings and numbers are written — as <see cref="Rfc8785"/> (RFC 8785 §3.2) and TUF's OLPC
/// canonical JSON (TUF specification §4.2) do.
/// </summary>
public abstract class CanonicalJsonForm
{
    /// <summary>Nesting deeper than this is refused (the input may be untrusted).</summary>
    public const int MaxDepth = 64;

    /// <summary>Writes <paramref name="element"/> in this form to <paramref name="output"/>.</summary>
    /// <exception cref="SignetFormatException">The element nests deeper than <see cref="MaxDepth"/>, or holds a value
    /// the form cannot write.</exception>
    public void Write(JsonElement element, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(element, output, 0);
    }

    /// <summary>The order of two member names (negative, zero or positive, as <see cref="IComparer{T}.Compare"/>).</summary>
    protected abstract int CompareNames(string a, string b);

    /// <summary>Writes <paramref name="value"/> as a JSON string, quotes included.</summary>
    protected abstract void WriteString(string value, IBufferWriter<byte> output);

    /// <summary>Writes the JSON number <paramref name="number"/>.</summary>
    /// <exception cref="SignetFormatException">The form cannot write this number.</exception>
    protected abstract void WriteNumber(JsonElement number, IBufferWriter<byte> output);

    private void Write(JsonElement element, IBufferWriter<byte> output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SignetFormatException($"canonical JSON: nesting deeper than {MaxDepth} levels");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, output, depth);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    Write(item, output, depth + 1);
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                WriteNumber(element, output);
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new SignetFormatException($"canonical JSON: unexpected {element.ValueKind}");
        }
    }

    private void WriteObject(JsonElement element, IBufferWriter<byte> output, int depth)
    {
        var members = new List<(string Name, JsonElement Value)>();
        foreach (var p in element.EnumerateObject())
        {
            members.Add((p.Name, p.Value));
        }

        members.Sort((a, b) => CompareNames(a.Name, b.Name));
        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            WriteString(members[i].Name, output);
            output.Write(":"u8);
            Write(members[i].Value, output, depth + 1);
        }

        output.Write("}"u8);
    }
}
