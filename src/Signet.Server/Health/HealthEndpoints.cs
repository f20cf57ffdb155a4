namespace Signet.Server.Health;

/// <summary><c>GET /healthz</c>: 200 with the services this process runs, once it accepts requests.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints, SignetServerOptions options) =>
        endpoints.MapHealth(options.Services);

    /// <summary>Maps <c>GET /healthz</c> naming <paramref name="services"/> (<c>witness</c> for <c>signet witness serve</c>).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints, IEnumerable<string> services)
    {
        var names = services.Order(StringComparer.Ordinal).ToArray();
        endpoints.MapGet("/healthz", () => Results.Json(new HealthStatus("ok", names), HealthJsonContext.Default.HealthStatus));
        return endpoints;
    }
}

internal sealed record HealthStatus(string Status, string[] Services);

[System.Text.Json.Serialization.JsonSerializable(typeof(HealthStatus))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
