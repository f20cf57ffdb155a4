using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

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
    /// <summary>The largest signing config document accepted (1 MiB).</summary>
    public const int MaxSize = 1024 * 1024;

    /// <summary>
    /// Parses a signing config (protobuf-specs <c>SigningConfig</c> JSON, v0.2) through the strict JSON reader.
    /// </summary>
    public static SigningConfig Parse(ReadOnlySpan<byte> utf8Json)
    {
        return ProtobufJson.Parse(utf8Json, "signingConfig", MaxSize, Read);
    }

    internal static SigningConfig Read(JsonField e)
    {
        e.RequireObject();
        var mediaType = e.RequiredString("mediaType");
        if (mediaType != MediaTypes.SigningConfigV02)
        {
            throw new SignetFormatException($"{e.Path}.mediaType: unsupported signing config media type '{MediaTypes.Truncate(mediaType)}'");
        }

        var rc = e.OptionalObject("rekorTlogConfig");
        var tc = e.OptionalObject("tsaConfig");
        return new SigningConfig(
            mediaType,
            e.Array("caUrls", Service.Read),
            e.Array("oidcUrls", Service.Read),
            e.Array("rekorTlogUrls", Service.Read),
            rc is null ? null : ServiceConfiguration.Read(rc.Value),
            e.Array("tsaUrls", Service.Read),
            tc is null ? null : ServiceConfiguration.Read(tc.Value));
    }

    /// <summary>Writes the signing config as protobuf JSON.</summary>
    public byte[] ToJson() => ProtobufJson.Write(Write);

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
    internal static Service Read(JsonField e)
    {
        e.RequireObject();
        var url = e.RequiredString("url");
        var version = e.OptionalInt32("majorApiVersion") ?? 0;
        if (version < 0)
        {
            throw new SignetFormatException($"{e.Path}.majorApiVersion: negative");
        }

        return new Service(url, version, TimeRange.ReadOptional(e, "validFor"), e.OptionalString("operator"));
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
    /// <summary>Not set (<c>SERVICE_SELECTOR_UNDEFINED</c>); a signer then uses one service, as for <see cref="Any"/>.</summary>
    Unspecified = 0,

    /// <summary>Use every valid service of the list (e.g. log to all transparency logs).</summary>
    All = 1,

    /// <summary>Use any one valid service of the list.</summary>
    Any = 2,

    /// <summary>Use exactly <see cref="ServiceConfiguration.Count"/> valid services of the list.</summary>
    Exact = 3,
}

/// <summary>protobuf-specs <c>ServiceConfiguration</c>: ALL, ANY, or EXACT <see cref="Count"/> services.</summary>
public sealed record ServiceConfiguration(ServiceSelector Selector, int Count)
{
    internal static ServiceConfiguration Read(JsonField e)
    {
        var name = e.OptionalString("selector") ?? "SERVICE_SELECTOR_UNDEFINED";
        var selector = name switch
        {
            "ALL" => ServiceSelector.All,
            "ANY" => ServiceSelector.Any,
            "EXACT" => ServiceSelector.Exact,
            "SERVICE_SELECTOR_UNDEFINED" => ServiceSelector.Unspecified,
            _ => throw new SignetFormatException($"{e.Path}.selector: unknown selector '{MediaTypes.Truncate(name)}'"),
        };
        var count = e.OptionalInt32("count") ?? 0;
        if (count < 0 || (selector == ServiceSelector.Exact && count == 0))
        {
            throw new SignetFormatException($"{e.Path}.count: {count} is not a valid count for {name}");
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
