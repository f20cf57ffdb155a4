using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Client;

/// <summary>
/// How the client reads the JSON that services answer (CA, log, OIDC issuers and token endpoints) and the JSON files it
/// keeps (the monitor's state, cosign keys): through <see cref="StrictJson"/>, so a string that is not valid Unicode,
/// a member named twice or a document beyond the limits is a <see cref="Core.SignetFormatException"/> naming the
/// document and field, never an exception when a value is read. The HTTP layer bounds each body first
/// (<see cref="Services.ServiceHttp.MaxResponseBytes"/> or the caller's own limit).
/// </summary>
internal static class ClientJson
{
    /// <summary>Depth and counts of a service's answer: a log index search lists many entry UUIDs, nothing nests deeply.</summary>
    public static readonly JsonLimits Limits = new(64 << 20, 32, 100_000);

    /// <summary>Parses <paramref name="utf8Json"/>, named <paramref name="what"/> in errors.</summary>
    public static JsonDocument Parse(byte[] utf8Json, string what) => StrictJson.Parse(utf8Json, what, Limits);

    /// <summary>Parses an answer that may hold a credential (an identity token): <see cref="StrictJson.ParseSecret"/>.</summary>
    public static JsonDocument ParseSecret(byte[] utf8Json, string what) => StrictJson.ParseSecret(utf8Json, what, Limits);
}
