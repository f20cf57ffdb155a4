using System.Globalization;

namespace Signet.Core.Encoding;

/// <summary>
/// A time as RFC 3339 in UTC to the second, <c>2026-12-07T21:09:17Z</c>: how Signet's messages name a time, and the
/// form SLSA provenance's <c>startedOn</c> and TUF's <c>expires</c> (TUF specification §4.2) take.
/// </summary>
public static class Rfc3339
{
    /// <summary><paramref name="t"/> in UTC, to the second (a fraction is dropped, not rounded).</summary>
    public static string Seconds(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
