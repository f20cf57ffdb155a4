using System.Text.Json;

namespace Signet.Core.Bundle;

/// <summary>
/// protobuf-specs <c>SigningConfig</c> v0.2: the services a signer uses (CA, OIDC, Rekor logs, TSAs), each with its
/// API version and validity window, and how many logs / TSAs to use.
/// </summary>
public sealed record SigningConfig(
    string MediaType,
    IReadOnlyList<Service> CaUrls,
    IReadOnlyList<Service> OidcUrls,
    IReadOnlyList<Service> RekorTlogUrls,
    ServiceConfiguration? RekorTlogConfig,
    IReadOnlyList<Service> TsaUrls,
    ServiceConfiguration? TsaConfig)
{
    public const int MaxSize = 1024 * 1024;

    public static SigningConfig Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxSize)
        {
            throw new SignetFormatException($"signingConfig: too large ({utf8Json.Length} bytes)");
        }

        using var doc = ProtoJson.ParseDocument(utf8Json, "signingConfig");
        return Read(doc.RootElement, "signingConfig");
    }

    internal static SigningConfig Read(JsonElement e, string path)
    {
        ProtoJson.RequireObject(e, path);
        var mediaType = ProtoJson.RequiredString(e, "mediaType", path);
        if (mediaType != MediaTypes.SigningConfigV02)
        {
            throw new SignetFormatException($"{path}.mediaType: unsupported signing config media type '{MediaTypes.Truncate(mediaType)}'");
        }

        var rc = ProtoJson.OptionalObject(e, "rekorTlogConfig", path);
        var tc = ProtoJson.OptionalObject(e, "tsaConfig", path);
        return new SigningConfig(
            mediaType,
            ProtoJson.Array(e, "caUrls", path, Service.Read),
            ProtoJson.Array(e, "oidcUrls", path, Service.Read),
            ProtoJson.Array(e, "rekorTlogUrls", path, Service.Read),
            rc is null ? null : ServiceConfiguration.Read(rc.Value, $"{path}.rekorTlogConfig"),
            ProtoJson.Array(e, "tsaUrls", path, Service.Read),
            tc is null ? null : ServiceConfiguration.Read(tc.Value, $"{path}.tsaConfig"));
    }

    public byte[] ToJson() => ProtoJson.Write(Write);

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", MediaType);
        WriteServices(w, "caUrls", CaUrls);
        WriteServices(w, "oidcUrls", OidcUrls);
        WriteServices(w, "rekorTlogUrls", RekorTlogUrls);
        RekorTlogConfig?.Write(w, "rekorTlogConfig");
        WriteServices(w, "tsaUrls", TsaUrls);
        TsaConfig?.Write(w, "tsaConfig");
        w.WriteEndObject();
    }

    private static void WriteServices(Utf8JsonWriter w, string name, IReadOnlyList<Service> services)
    {
        w.WriteStartArray(name);
        foreach (var s in services)
        {
            s.Write(w);
        }

        w.WriteEndArray();
    }
}

/// <summary>protobuf-specs <c>Service</c>: a URL, the major API version it speaks, validity and operator.</summary>
public sealed record Service(string Url, int MajorApiVersion, TimeRange? ValidFor, string? Operator)
{
    internal static Service Read(JsonElement e, string path)
    {
        ProtoJson.RequireObject(e, path);
        var url = ProtoJson.RequiredString(e, "url", path);
        var version = ProtoJson.OptionalInt32(e, "majorApiVersion", path) ?? 0;
        if (version < 0)
        {
            throw new SignetFormatException($"{path}.majorApiVersion: negative");
        }

        return new Service(url, version, TimeRange.ReadOptional(e, "validFor", path), ProtoJson.OptionalString(e, "operator", path));
    }

    /// <summary>True when the service may be used at <paramref name="t"/> (no window means always).</summary>
    public bool IsValidAt(DateTimeOffset t) => ValidFor is null || ValidFor.Contains(t);

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("url", Url);
        w.WriteNumber("majorApiVersion", MajorApiVersion);
        ValidFor?.Write(w, "validFor");
        if (Operator is not null)
        {
            w.WriteString("operator", Operator);
        }

        w.WriteEndObject();
    }
}

/// <summary>protobuf-specs <c>ServiceSelector</c>.</summary>
public enum ServiceSelector
{
    Unspecified = 0,
    All = 1,
    Any = 2,
    Exact = 3,
}

/// <summary>protobuf-specs <c>ServiceConfiguration</c>: ALL, ANY, or EXACT <see cref="Count"/> services.</summary>
public sealed record ServiceConfiguration(ServiceSelector Selector, int Count)
{
    internal static ServiceConfiguration Read(JsonElement e, string path)
    {
        var name = ProtoJson.OptionalString(e, "selector", path) ?? "SERVICE_SELECTOR_UNDEFINED";
        var selector = name switch
        {
            "ALL" => ServiceSelector.All,
            "ANY" => ServiceSelector.Any,
            "EXACT" => ServiceSelector.Exact,
            "SERVICE_SELECTOR_UNDEFINED" => ServiceSelector.Unspecified,
            _ => throw new SignetFormatException($"{path}.selector: unknown selector '{MediaTypes.Truncate(name)}'"),
        };
        var count = ProtoJson.OptionalInt32(e, "count", path) ?? 0;
        if (count < 0 || (selector == ServiceSelector.Exact && count == 0))
        {
            throw new SignetFormatException($"{path}.count: {count} is not a valid count for {name}");
        }

        return new ServiceConfiguration(selector, count);
    }

    internal void Write(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteString("selector", Selector switch
        {
            ServiceSelector.All => "ALL",
            ServiceSelector.Any => "ANY",
            ServiceSelector.Exact => "EXACT",
            _ => "SERVICE_SELECTOR_UNDEFINED",
        });
        if (Count != 0)
        {
            w.WriteNumber("count", Count);
        }

        w.WriteEndObject();
    }
}
