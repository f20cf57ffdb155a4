using System.Globalization;
using Signet.Core;

namespace Signet.Admission.Reviews;

/// <summary>
/// The <c>?timeout=</c> the API server adds to a webhook call (the configuration's <c>timeoutSeconds</c>, as a Go
/// duration such as <c>10s</c>), and how much of it the webhook may spend deciding.
/// </summary>
public static class ReviewTimeout
{
    /// <summary>When the request has no timeout: the API server's default <c>timeoutSeconds</c>.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>The largest <c>timeoutSeconds</c> the API server allows.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads a Go duration (<c>time.ParseDuration</c>: decimal numbers each with a unit of ns, us, µs, ms, s, m, h,
    /// e.g. <c>10s</c>, <c>1m30s</c>, <c>1.5s</c>); null gives <see cref="Default"/>; more than <see cref="Max"/> is cut to it.
    /// </summary>
    /// <exception cref="SignetFormatException">Not a positive Go duration.</exception>
    public static TimeSpan Parse(string? value)
    {
        if (value is null)
        {
            return Default;
        }

        var total = 0.0;
        var i = 0;
        while (i < value.Length)
        {
            var start = i;
            while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            if (!double.TryParse(value.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw Bad(value);
            }

            var unitStart = i;
            while (i < value.Length && !char.IsAsciiDigit(value[i]) && value[i] != '.')
            {
                i++;
            }

            total += value[unitStart..i] switch
            {
                "h" => number * 3600,
                "m" => number * 60,
                "s" => number,
                "ms" => number / 1e3,
                "us" or "µs" => number / 1e6,
                "ns" => number / 1e9,
                _ => throw Bad(value),
            };
        }

        return total <= 0 || value.Length == 0 ? throw Bad(value) : TimeSpan.FromSeconds(Math.Min(total, Max.TotalSeconds));
    }

    /// <summary>What the webhook may spend of <paramref name="timeout"/>: all but a margin (a tenth, at least 100 ms) for the answer to travel.</summary>
    public static TimeSpan Budget(TimeSpan timeout)
    {
        var margin = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks));
        return timeout > margin * 2 ? timeout - margin : timeout / 2;
    }

    private static SignetFormatException Bad(string value) => new($"timeout '{value}' is not a positive duration such as 10s");
}
