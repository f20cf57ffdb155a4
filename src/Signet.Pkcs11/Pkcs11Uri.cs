using System.Globalization;
using System.Text;
using Signet.Core;

namespace Signet.Pkcs11;

/// <summary>
/// A PKCS#11 URI (RFC 7512) in cosign's form: <c>pkcs11:token=T;object=O?module-path=/usr/lib/…/lib.so&amp;pin-value=1234</c>
/// (or <c>pin-source=FILE</c>). The path names the token (<c>token</c>, <c>manufacturer</c>, <c>model</c>, <c>serial</c>,
/// <c>slot-id</c>) and the key (<c>object</c> = CKA_LABEL, <c>id</c> = CKA_ID, <c>type</c>); the query names the module
/// and the PIN. Parsing is strict: an unknown or repeated attribute, a bad percent-encoding or a missing
/// <c>module-path</c> is one <see cref="SignetFormatException"/> naming it.
/// </summary>
public sealed record Pkcs11Uri
{
    /// <summary>The URI scheme (RFC 7512 §2.3).</summary>
    public const string Scheme = "pkcs11:";

    /// <summary>The longest URI accepted.</summary>
    public const int MaxLength = 4096;

    // RFC 7512 §2.3 pk11-path-attr-name and pk11-query-attr-name: the ones this reader acts on.
    private static readonly string[] PathAttributes = ["token", "manufacturer", "model", "serial", "slot-id", "object", "id", "type"];
    private static readonly string[] QueryAttributes = ["module-path", "pin-value", "pin-source"];

    /// <summary>CKA_LABEL of the token (<c>token=</c>).</summary>
    public string? Token { get; init; }

    /// <summary>The token's manufacturer ID (<c>manufacturer=</c>).</summary>
    public string? Manufacturer { get; init; }

    /// <summary>The token's model (<c>model=</c>).</summary>
    public string? Model { get; init; }

    /// <summary>The token's serial number (<c>serial=</c>).</summary>
    public string? Serial { get; init; }

    /// <summary>The slot's ID (<c>slot-id=</c>, a decimal number).</summary>
    public ulong? SlotId { get; init; }

    /// <summary>CKA_LABEL of the key objects (<c>object=</c>).</summary>
    public string? ObjectLabel { get; init; }

    /// <summary>CKA_ID of the key objects (<c>id=</c>, percent-encoded bytes).</summary>
    public byte[]? Id { get; init; }

    /// <summary>The object class named (<c>type=private|public|cert|…</c>); keys are found by their pair either way.</summary>
    public string? Type { get; init; }

    /// <summary>The module's shared library (<c>module-path=</c>).</summary>
    public required string ModulePath { get; init; }

    /// <summary>The user PIN given inline (<c>pin-value=</c>).</summary>
    public string? PinValue { get; init; }

    /// <summary>A file whose first line is the user PIN (<c>pin-source=</c>, a path or a <c>file:</c> URI).</summary>
    public string? PinSource { get; init; }

    /// <summary>Whether <paramref name="reference"/> is a PKCS#11 URI rather than a file name.</summary>
    /// <param name="reference">A key reference from the command line.</param>
    public static bool IsPkcs11(string? reference) =>
        reference is not null && reference.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a URI; any deviation from RFC 7512 or from what this reader supports is a format error.</summary>
    /// <param name="uri">The URI text.</param>
    /// <exception cref="SignetFormatException">The URI is malformed, names an unknown attribute or lacks module-path.</exception>
    public static Pkcs11Uri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsPkcs11(uri))
        {
            throw Error("it does not start with pkcs11:");
        }

        if (uri.Length > MaxLength)
        {
            throw Error($"longer than {MaxLength} characters");
        }

        var body = uri[Scheme.Length..];
        var q = body.IndexOf('?', StringComparison.Ordinal);
        var path = Attributes(q < 0 ? body : body[..q], ';', PathAttributes, "path");
        var query = q < 0 ? new Dictionary<string, byte[]>(StringComparer.Ordinal) : Attributes(body[(q + 1)..], '&', QueryAttributes, "query");
        if (!query.TryGetValue("module-path", out var module) || module.Length == 0)
        {
            throw Error("module-path is required (the PKCS#11 module's shared library)");
        }

        if (query.ContainsKey("pin-value") && query.ContainsKey("pin-source"))
        {
            throw Error("pin-value and pin-source exclude each other");
        }

        if (!path.ContainsKey("object") && !path.ContainsKey("id"))
        {
            throw Error("object= or id= must name the key");
        }

        return new Pkcs11Uri
        {
            Token = Text(path, "token"),
            Manufacturer = Text(path, "manufacturer"),
            Model = Text(path, "model"),
            Serial = Text(path, "serial"),
            SlotId = Text(path, "slot-id") is { } slot
                ? ulong.TryParse(slot, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw Error($"slot-id '{slot}' is not a decimal number")
                : null,
            ObjectLabel = Text(path, "object"),
            Id = path.TryGetValue("id", out var rawId) ? rawId : null,
            Type = Text(path, "type") is { } type
                ? type is "private" or "public" or "cert" or "secret-key" or "data" ? type : throw Error($"type '{type}' is not private, public, cert, secret-key or data")
                : null,
            ModulePath = Text(query, "module-path")!,
            PinValue = Text(query, "pin-value"),
            PinSource = Text(query, "pin-source"),
        };
    }

    /// <summary>
    /// The same URI naming another key of the same token: <c>object=</c> becomes <paramref name="objectLabel"/> and
    /// <c>id=</c> is dropped; the token, the module and the PIN stay as written (a rotated key, <c>signet serve --rotate</c>).
    /// </summary>
    /// <param name="uri">A URI that <see cref="Parse"/> accepts.</param>
    /// <param name="objectLabel">The new key's CKA_LABEL.</param>
    public static string WithObject(string uri, string objectLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectLabel);
        _ = Parse(uri);
        return WithPath(uri, path => path.Where(a => !IsKeyAttribute(a)).Append("object=" + Uri.EscapeDataString(objectLabel)));
    }

    /// <summary>
    /// The same URI naming the key <paramref name="keyUri"/> names: its <c>object=</c> and <c>id=</c> as written there,
    /// the token, the module and the PIN of <paramref name="uri"/> (a key given before a rotation, opened with the PIN
    /// given now).
    /// </summary>
    /// <param name="uri">A URI that <see cref="Parse"/> accepts: the token, module and PIN to keep.</param>
    /// <param name="keyUri">A URI that <see cref="Parse"/> accepts naming a key by <c>object=</c>, <c>id=</c> or both.</param>
    public static string WithKeyOf(string uri, string keyUri)
    {
        _ = Parse(uri);
        var key = Parse(keyUri);
        if (key.ObjectLabel is null && key.Id is null)
        {
            throw Error("the key's URI names no object= or id=");
        }

        var named = PathOf(keyUri).Where(IsKeyAttribute);
        return WithPath(uri, path => path.Where(a => !IsKeyAttribute(a)).Concat(named));
    }

    private static bool IsKeyAttribute(string attribute) =>
        attribute.StartsWith("object=", StringComparison.Ordinal) || attribute.StartsWith("id=", StringComparison.Ordinal);

    /// <summary>The path's attributes as written (<c>name=value</c>, still percent-encoded).</summary>
    private static string[] PathOf(string uri)
    {
        var body = uri[Scheme.Length..];
        var q = body.IndexOf('?', StringComparison.Ordinal);
        return (q < 0 ? body : body[..q]).Split(';', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary><paramref name="uri"/> with its path's attributes changed by <paramref name="change"/>, its query as written.</summary>
    private static string WithPath(string uri, Func<IEnumerable<string>, IEnumerable<string>> change)
    {
        var body = uri[Scheme.Length..];
        var q = body.IndexOf('?', StringComparison.Ordinal);
        return uri[..Scheme.Length] + string.Join(';', change(PathOf(uri))) + (q < 0 ? "" : body[q..]);
    }

    /// <summary>The URI with the PIN value hidden, for messages and logs.</summary>
    public override string ToString()
    {
        var path = new List<string>();
        Add(path, "token", Token);
        Add(path, "object", ObjectLabel);
        if (Id is not null)
        {
            path.Add("id=" + string.Concat(Id.Select(b => $"%{b:x2}")));
        }

        return $"{Scheme}{string.Join(';', path)}?module-path={Uri.EscapeDataString(ModulePath)}{(PinValue is null ? "" : "&pin-value=***")}";

        static void Add(List<string> parts, string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
    }

    private static Dictionary<string, byte[]> Attributes(string part, char separator, string[] known, string where)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (part.Length == 0)
        {
            return result;
        }

        foreach (var attribute in part.Split(separator))
        {
            var eq = attribute.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Error($"'{attribute}' in the {where} is not name=value");
            }

            var name = attribute[..eq];
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Error($"unknown {where} attribute '{name}' (known: {string.Join(", ", known)})");
            }

            // RFC 7512 §2.3: an attribute MUST NOT appear more than once in the path (and this reader asks the same of the query).
            if (!result.TryAdd(name, Decode(attribute[(eq + 1)..], name)))
            {
                throw Error($"attribute '{name}' appears twice");
            }
        }

        return result;
    }

    // RFC 7512 §2.3 / RFC 3986 §2.1: "%" HEXDIG HEXDIG; other characters stand for themselves (no whitespace, no '%').
    private static byte[] Decode(string value, string name)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length
                    || !byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    throw Error($"bad percent-encoding in '{name}' at offset {i}");
                }

                bytes.Add(b);
                i += 2;
            }
            else if (c <= ' ' || c >= 0x7f || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '}' or '#')
            {
                throw Error($"character 0x{(int)c:x2} in '{name}' must be percent-encoded");
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        return [.. bytes];
    }

    private static string? Text(Dictionary<string, byte[]> attributes, string name)
    {
        if (!attributes.TryGetValue(name, out var bytes))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error($"'{name}' is not UTF-8 text");
        }
    }

    private static SignetFormatException Error(string why) => new($"PKCS#11 URI: {why}");
}
