using System.Globalization;
using System.Text.Json;

namespace Signet.Core.Json;

/// <summary>
/// A value of an outside JSON document together with its field path (<c>bundle.verificationMaterial.tlogEntries[0]</c>),
/// read strictly: a member that is absent or <c>null</c> is missing (the protobuf JSON mapping and Go's decoders read
/// <c>null</c> as the default), a member of the wrong type, a string that is not valid Unicode, or an array longer than
/// its bound is a <see cref="SignetFormatException"/> that names the path. The path is built only when needed.
/// </summary>
public readonly struct JsonField
{
    private readonly string? _parent;
    private readonly string? _name;
    private readonly int _index;

    private JsonField(JsonElement element, string parent, string? name, int index) =>
        (Element, _parent, _name, _index) = (element, parent, name, index);

    /// <summary>The JSON value itself.</summary>
    public JsonElement Element { get; }

    /// <summary>The value's JSON type.</summary>
    public JsonValueKind ValueKind => Element.ValueKind;

    /// <summary>The field path, e.g. <c>spec.signature.content</c> or <c>bundle.verificationMaterial.tlogEntries[0]</c>.</summary>
    public string Path =>
        _name is not null ? (_parent!.Length == 0 ? _name : string.Concat(_parent, ".", _name))
        : _index >= 0 ? string.Concat(_parent, "[", _index.ToString(CultureInfo.InvariantCulture), "]")
        : _parent ?? string.Empty;

    /// <summary>The top of a document (or of a part read on its own), named <paramref name="path"/>.</summary>
    public static JsonField Root(JsonElement element, string path) => new(element, path, null, -1);

    /// <summary>An error about this value: <c>"{path}: {message}"</c>.</summary>
    public SignetFormatException Error(string message) => new($"{Path}: {message}");

    /// <summary>An error about this value's member <paramref name="name"/> (this value itself when null):
    /// <c>"{path}.{name}: {message}"</c>.</summary>
    public SignetFormatException ErrorAt(string? name, string message) => new($"{PathOf(name)}: {message}");

    /// <summary>Throws unless this value is an object; returns it.</summary>
    public JsonField RequireObject() =>
        ValueKind == JsonValueKind.Object ? this : throw Error($"expected a JSON object, found {Describe(ValueKind)}");

    /// <summary>The member <paramref name="name"/> when this is an object holding it with a non-null value.</summary>
    public bool TryGet(string name, out JsonField value)
    {
        if (TryGetValue(name, out var v))
        {
            value = new JsonField(v, Path, name, -1);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The member <paramref name="name"/> of any type; missing is an error.</summary>
    public JsonField Required(string name) => TryGet(name, out var v) ? v : throw ErrorAt(name, "missing");

    /// <summary>The object member <paramref name="name"/>; missing or not an object is an error.</summary>
    public JsonField RequiredObject(string name) => Required(name).RequireObject();

    /// <summary>The object member <paramref name="name"/>, or null when it is missing.</summary>
    public JsonField? OptionalObject(string name) => TryGet(name, out var v) ? v.RequireObject() : null;

    /// <summary>The string member <paramref name="name"/>; missing, not a string or (unless allowed) empty is an error.</summary>
    public string RequiredString(string name, bool allowEmpty = true)
    {
        var s = TryGetValue(name, out var v) ? StringOf(v, name) : throw ErrorAt(name, "missing");
        return allowEmpty || s.Length > 0 ? s : throw ErrorAt(name, "empty");
    }

    /// <summary>The string member <paramref name="name"/>, or null when it is missing.</summary>
    public string? OptionalString(string name) => TryGetValue(name, out var v) ? StringOf(v, name) : null;

    /// <summary>This value as a string; not a string, or a string that is not valid Unicode, is an error.</summary>
    public string GetString() => StringOf(Element, null);

    /// <summary>The boolean member <paramref name="name"/>; missing or not a boolean is an error.</summary>
    public bool RequiredBoolean(string name) =>
        !TryGetValue(name, out var v) ? throw ErrorAt(name, "missing")
        : v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ErrorAt(name, $"expected a boolean, found {Describe(v.ValueKind)}"),
        };

    /// <summary>The member <paramref name="name"/> as a JSON number that is a 64-bit integer.</summary>
    public long RequiredInteger(string name) =>
        !TryGetValue(name, out var v) ? throw ErrorAt(name, "missing")
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : throw ErrorAt(name, $"expected an integer, found {Describe(v.ValueKind)}");

    /// <summary>The non-empty member <paramref name="name"/> decoded as standard base64 (RFC 4648 §4), as Rekor's
    /// <c>strfmt.Base64</c>.</summary>
    public byte[] RequiredBase64(string name) => Base64Of(RequiredString(name, allowEmpty: false), name);

    /// <summary>This string decoded as standard base64 (RFC 4648 §4).</summary>
    public byte[] GetBase64() => Base64Of(GetString(), null);

    /// <summary>The array member <paramref name="name"/> holding <paramref name="minItems"/> to <paramref name="maxItems"/> items.</summary>
    public JsonField RequiredArray(string name, int minItems = 0, int maxItems = int.MaxValue)
    {
        var v = Required(name).RequireArray(maxItems);
        var n = v.Element.GetArrayLength();
        return n >= minItems ? v : throw v.Error($"{n} items, expected {minItems} to {maxItems}");
    }

    /// <summary>Each item of the array member <paramref name="name"/> read with <paramref name="read"/>; a missing
    /// member is an empty list (protobuf JSON: repeated fields may be omitted).</summary>
    public IReadOnlyList<T> Array<T>(string name, Func<JsonField, T> read, int maxItems = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!TryGet(name, out var v))
        {
            return [];
        }

        var list = new List<T>(v.RequireArray(maxItems).Element.GetArrayLength());
        foreach (var item in v.Items(maxItems))
        {
            list.Add(read(item));
        }

        return list;
    }

    /// <summary>The items of this array, each with its path; not an array, or more than <paramref name="maxItems"/>
    /// items, is an error.</summary>
    public IEnumerable<JsonField> Items(int maxItems = int.MaxValue)
    {
        var array = RequireArray(maxItems);
        var path = array.Path;
        var i = 0;
        foreach (var item in array.Element.EnumerateArray())
        {
            yield return new JsonField(item, path, null, i++);
        }
    }

    /// <summary>The members of this object with their names; not an object, or a name that is not valid Unicode, is an error.</summary>
    public IEnumerable<(string Name, JsonField Value)> Members()
    {
        var obj = RequireObject();
        var path = obj.Path;
        foreach (var p in obj.Element.EnumerateObject())
        {
            string name;
            try
            {
                name = p.Name;
            }
            catch (InvalidOperationException e)
            {
                throw new SignetFormatException($"{path}: a member name is not valid Unicode (invalid UTF-8 or a lone surrogate; RFC 8259 §8.1, RFC 7493 §2.1)", e);
            }

            yield return (name, new JsonField(p.Value, path, name, -1));
        }
    }

    /// <summary>How errors name a JSON type: "an object", "a string", "null", …</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private JsonField RequireArray(int maxItems)
    {
        if (ValueKind != JsonValueKind.Array)
        {
            throw Error($"expected an array, found {Describe(ValueKind)}");
        }

        var n = Element.GetArrayLength();
        return n <= maxItems ? this : throw Error($"too many elements ({n} > {maxItems})");
    }

    /// <summary>The member's element when this is an object holding it with a non-null value (no path is built).</summary>
    internal bool TryGetValue(string name, out JsonElement value)
    {
        try
        {
            // Looking a name up compares it with the unescaped names of the object: in a document StrictJson did not
            // check, one that is not valid Unicode makes the lookup itself throw.
            if (Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
        }
        catch (InvalidOperationException e)
        {
            throw new SignetFormatException($"{Path}: a member name is not valid Unicode (RFC 8259 §8.1, RFC 7493 §2.1)", e);
        }

        value = default;
        return false;
    }



    internal string StringOf(JsonElement v, string? name)
    {
        if (v.ValueKind != JsonValueKind.String)
        {
            throw ErrorAt(name, $"expected a string, found {Describe(v.ValueKind)}");
        }

        try
        {
            return v.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new SignetFormatException($"{PathOf(name)}: not valid Unicode (invalid UTF-8 or a lone surrogate; RFC 8259 §8.1, RFC 7493 §2.1)", e);
        }
    }

    private byte[] Base64Of(string s, string? name)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw ErrorAt(name, "not standard base64");
        }
    }

    private string PathOf(string? name)
    {
        var path = Path;
        return name is null ? path : path.Length == 0 ? name : string.Concat(path, ".", name);
    }
}
