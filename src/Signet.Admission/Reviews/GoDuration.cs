using System.Globalization;
using Signet.Core;

namespace Signet.Admission.Reviews;

/// <summary>Go's duration syntax (<c>time.ParseDuration</c>), as Kubernetes writes <c>?timeout=10s</c>: decimal numbers each with a unit of ns, us, µs, ms, s, m or h (<c>10s</c>, <c>1m30s</c>, <c>1.5s</c>).</summary>
public static class GoDuration
{
    /// <summary>The longest duration read (a day).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    /// <summary>Reads a positive duration of at most <see cref="Max"/>.</summary>
    /// <exception cref="SignetFormatException">Not a positive Go duration, or too long.</exception>
    public static TimeSpan Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
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

        return total <= 0 || total > Max.TotalSeconds ? throw Bad(value) : TimeSpan.FromSeconds(total);
    }

    private static SignetFormatException Bad(string value) => new($"duration '{value}' is not a positive duration of at most 24h such as 10s or 5m");
}
