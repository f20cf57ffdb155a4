using System.Text.Json;
using System.Text.Json.Serialization;
using Signet.Core;

namespace Signet.Oci;

/// <summary>Reads and writes OCI manifests and indexes; malformed JSON → SignetFormatException naming the document.</summary>
public static class OciJson
{
    /// <summary>Reads an image manifest; malformed JSON or a missing field is a <see cref="Core.SignetFormatException"/>.</summary>
    public static OciManifest ParseManifest(ReadOnlySpan<byte> json)
    {
        var m = Parse(json, OciJsonContext.Default.OciManifest, "image manifest");
        // image-spec manifest.md: schemaVersion MUST be 2.
        if (m.SchemaVersion != 2)
        {
            throw new SignetFormatException($"image manifest: schemaVersion {m.SchemaVersion} is not 2");
        }

        Check(m.Config, "image manifest config");
        // image-spec manifest.md: layers is an array (a JSON null deserializes to a null list).
        foreach (var layer in m.Layers ?? throw new SignetFormatException("image manifest: layers must be an array"))
        {
            Check(layer, "image manifest layer");
        }

        if (m.Subject is not null)
        {
            Check(m.Subject, "image manifest subject");
        }

        return m;
    }

    /// <summary>Reads an image index (or referrers list); malformed JSON or a missing field is a <see cref="Core.SignetFormatException"/>.</summary>
    public static OciIndex ParseIndex(ReadOnlySpan<byte> json)
    {
        var index = Parse(json, OciJsonContext.Default.OciIndex, "image index");
        if (index.SchemaVersion != 2)
        {
            throw new SignetFormatException($"image index: schemaVersion {index.SchemaVersion} is not 2");
        }

        foreach (var d in index.Manifests)
        {
            Check(d, "image index entry");
        }

        return index;
    }

    /// <summary>Writes a manifest as JSON.</summary>
    public static byte[] Serialize(OciManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciManifest);

    /// <summary>Writes an index as JSON.</summary>
    public static byte[] Serialize(OciIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.OciIndex);

    private static T Parse<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, info) ?? throw new SignetFormatException($"{what}: JSON null");
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{what}: {e.Message}", e);
        }
    }

    private static void Check(OciDescriptor d, string what)
    {
        _ = OciDigest.Parse(d.Digest, what + " digest");
        if (d.Size < 0)
        {
            throw new SignetFormatException($"{what}: negative size {d.Size}");
        }

        if (string.IsNullOrEmpty(d.MediaType))
        {
            throw new SignetFormatException($"{what}: mediaType is empty");
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciIndex))]
[JsonSerializable(typeof(RegistryErrorBody))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class OciJsonContext : JsonSerializerContext;

/// <summary>distribution-spec §Error Codes: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record RegistryErrorBody([property: JsonPropertyName("errors")] IReadOnlyList<RegistryError>? Errors);

internal sealed record RegistryError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>distribution-spec §Listing Tags: <c>{"name","tags"}</c>.</summary>
internal sealed record TagList(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

/// <summary>Docker token authentication response: <c>token</c> or <c>access_token</c>, <c>expires_in</c>.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);
