namespace Signet.Server.Health;

/// <summary>
/// <c>GET /healthz</c> (liveness): 200 with the services this process runs, once it accepts requests — a restart does
/// not cure a full disk or a database that is gone. <c>GET /readyz</c> (readiness): 200 while every service can do its
/// work, else 503 problem+json naming each one that cannot and why (<see cref="IReadinessCheck"/>), so that a load
/// balancer or a Kubernetes Service sends requests to the replicas that can answer them.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c> and <c>GET /readyz</c> naming the services of <c>signet serve</c>.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints, SignetServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return endpoints.MapHealth(options.Services).MapReadiness(options.Services);
    }

    /// <summary>Maps <c>GET /healthz</c> naming <paramref name="services"/> (<c>witness</c> for <c>signet witness serve</c>).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints, IEnumerable<string> services)
    {
        var names = services.Order(StringComparer.Ordinal).ToArray();
        endpoints.MapGet("/healthz", () => Results.Json(new HealthStatus("ok", names), HealthJsonContext.Default.HealthStatus));
        return endpoints;
    }

    /// <summary>Maps <c>GET /readyz</c>: 200 <c>{"status":"ready","services":[…]}</c> when no registered
    /// <see cref="IReadinessCheck"/> has a reason at the server's clock (<see cref="TimeProvider"/>), else 503
    /// problem+json whose detail has one line per reason (<c>log: integration has failed for 45 s (…): …</c>).</summary>
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder endpoints, IEnumerable<string> services)
    {
        var names = services.Order(StringComparer.Ordinal).ToArray();
        endpoints.MapGet("/readyz", context =>
        {
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var reasons = context.RequestServices.GetServices<IReadinessCheck>().SelectMany(check => check.NotReady(now)).ToList();
            return reasons.Count == 0
                ? Results.Json(new HealthStatus("ready", names), HealthJsonContext.Default.HealthStatus).ExecuteAsync(context)
                : ProblemResponse.WriteAsync(context, 503, ProblemStatus.Title(503), string.Join('\n', reasons));
        });
        return endpoints;
    }
}

internal sealed record HealthStatus(string Status, string[] Services);

[System.Text.Json.Serialization.JsonSerializable(typeof(HealthStatus))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
