using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core;
using Signet.Tuf.Client;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>
/// Length and hashes of a file as trusted metadata lists it: <c>METAFILES</c> in timestamp/snapshot (TUF §4.4, §4.6,
/// both optional there) and <c>TARGETS</c> in targets (TUF §4.5, both required).
/// </summary>
public sealed record TufFileInfo(long? Length, IReadOnlyDictionary<string, string> Hashes)
{
    public static TufFileInfo Parse(JsonElement element, string what, bool required)
    {
        long? length = TufJson.Has(element, "length") || required
            ? TufJson.PositiveInteger(element, "length", what, minimum: 0)
            : null;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TufJson.Has(element, "hashes") || required)
        {
            foreach (var h in TufJson.Object(element, "hashes", what).EnumerateObject())
            {
                if (h.Value.ValueKind != JsonValueKind.String)
                {
                    throw new SignetFormatException($"{what}: hash {h.Name} is not a string");
                }

                hashes[h.Name] = h.Value.GetString()!;
            }

            if (hashes.Count == 0)
            {
                throw new SignetFormatException($"{what}: \"hashes\" is empty");
            }
        }

        return new TufFileInfo(length, hashes);
    }

    /// <summary>
    /// Checks <paramref name="data"/> against the listed length and every listed hash; an algorithm Signet does not
    /// know fails closed (TUF §5.5.2, §5.6.2, §5.7.3).
    /// </summary>
    public void Verify(ReadOnlySpan<byte> data, string what)
    {
        if (Length is { } length && data.Length != length)
        {
            throw new TufException(TufErrorCode.LengthOrHashMismatch,
                $"{what}: length is {data.Length} bytes, trusted metadata says {length}");
        }

        foreach (var (algorithm, expectedHex) in Hashes)
        {
            var actual = algorithm switch
            {
                "sha256" => SHA256.HashData(data),
                "sha384" => SHA384.HashData(data),
                "sha512" => SHA512.HashData(data),
                _ => throw new TufException(TufErrorCode.LengthOrHashMismatch,
                    $"{what}: hash algorithm {algorithm} is not supported, so the file cannot be checked"),
            };
            if (!string.Equals(Convert.ToHexStringLower(actual), expectedHex, StringComparison.OrdinalIgnoreCase))
            {
                throw new TufException(TufErrorCode.LengthOrHashMismatch,
                    $"{what}: {algorithm} is {Convert.ToHexStringLower(actual)}, trusted metadata says {expectedHex}");
            }
        }
    }

    public static TufFileInfo Of(ReadOnlySpan<byte> data) => new(data.Length, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(data)),
        ["sha512"] = Convert.ToHexStringLower(SHA512.HashData(data)),
    });

    public void WriteFields(Utf8JsonWriter w)
    {
        if (Hashes.Count > 0)
        {
            w.WriteStartObject("hashes");
            foreach (var (k, v) in Hashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
        }

        if (Length is { } length)
        {
            w.WriteNumber("length", length);
        }
    }
}
