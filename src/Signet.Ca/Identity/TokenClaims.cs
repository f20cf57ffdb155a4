using System.Globalization;
using System.Text.Json;

namespace Signet.Ca.Identity;

/// <summary>
/// The payload claims of a token whose signature has already been verified, read from its JSON. Strings and numbers
/// both read as text (CI providers differ on ids); objects are reached by <see cref="TryGetObject"/>.
/// </summary>
public sealed class TokenClaims
{
    private readonly JsonElement _root;

    public TokenClaims(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: the payload is not a JSON object");
        }

        _root = root.Clone();
    }

    public static TokenClaims Parse(ReadOnlySpan<byte> payloadJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(payloadJson.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return new TokenClaims(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "identity token: the payload is not JSON", e);
        }
    }

    public bool TryGetString(string name, out string value)
    {
        if (_root.TryGetProperty(name, out var e))
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    value = e.GetString()!;
                    return true;
                case JsonValueKind.Number:
                    value = e.GetRawText();
                    return true;
                case JsonValueKind.True or JsonValueKind.False:
                    value = e.GetBoolean() ? "true" : "false";
                    return true;
                default:
                    break;
            }
        }

        value = string.Empty;
        return false;
    }

    public string RequireString(string name, string purpose)
    {
        if (!TryGetString(name, out var v) || v.Length == 0)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, $"identity token: claim '{name}' ({purpose}) is missing");
        }

        return v;
    }

    /// <summary>A boolean claim; the string forms "true"/"false" count too (some issuers send them).</summary>
    public bool GetBoolean(string name) => _root.TryGetProperty(name, out var e) && (e.ValueKind == JsonValueKind.True
        || (e.ValueKind == JsonValueKind.String && string.Equals(e.GetString(), "true", StringComparison.OrdinalIgnoreCase)));

    public bool TryGetObject(string name, out TokenClaims nested)
    {
        if (_root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object)
        {
            nested = new TokenClaims(e);
            return true;
        }

        nested = null!;
        return false;
    }

    /// <summary>All top-level string/number claims as text, for template filling.</summary>
    public IEnumerable<KeyValuePair<string, string>> Scalars()
    {
        foreach (var p in _root.EnumerateObject())
        {
            if (p.Value.ValueKind is JsonValueKind.String)
            {
                yield return new(p.Name, p.Value.GetString()!);
            }
            else if (p.Value.ValueKind is JsonValueKind.Number)
            {
                yield return new(p.Name, p.Value.GetRawText());
            }
            else if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                yield return new(p.Name, p.Value.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant());
            }
        }
    }
}
