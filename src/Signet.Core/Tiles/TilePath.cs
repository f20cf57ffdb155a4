using System.Globalization;
using System.Text;

namespace Signet.Core.Tiles;

/// <summary>
/// C2SP tlog-tiles resource paths: hash tiles <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and entry bundles
/// <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>, with N in zero-padded 3-digit groups, all but the last prefixed by
/// <c>x</c> (1234067 → <c>x001/x234/067</c>). Parsing accepts only the canonical form.
/// </summary>
public static class TilePath
{
    /// <summary>Highest tile level a path may name (tlog-tiles "APIs": L is 0–63).</summary>
    public const int MaxLevel = 63;

    private const string Prefix = "tile/";
    private const string EntriesPrefix = "tile/entries/";

    /// <summary>Path of a hash tile; <paramref name="partialWidth"/> 0 means a full tile.</summary>
    public static string HashTile(int level, ulong index, int partialWidth = 0)
    {
        // tlog-tiles: "<L> ... MUST be a decimal ASCII integer between 0 and 63".
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        var sb = new StringBuilder(Prefix, 48);
        sb.Append(level.ToString(CultureInfo.InvariantCulture)).Append('/');
        AppendIndex(sb, index);
        AppendPartial(sb, partialWidth);
        return sb.ToString();
    }

    /// <summary>Path of an entry bundle; <paramref name="partialWidth"/> 0 means a full bundle.</summary>
    public static string EntryBundle(ulong index, int partialWidth = 0)
    {
        var sb = new StringBuilder(EntriesPrefix, 48);
        AppendIndex(sb, index);
        AppendPartial(sb, partialWidth);
        return sb.ToString();
    }

    /// <summary>The N part of a path: 1234067 → <c>x001/x234/067</c>.</summary>
    public static string EncodeIndex(ulong index)
    {
        var sb = new StringBuilder(32);
        AppendIndex(sb, index);
        return sb.ToString();
    }

    /// <summary>Parses <c>tile/L/N[.p/W]</c> (not entries). Width is 256 for a full tile.</summary>
    public static bool TryParseHashTile(ReadOnlySpan<char> path, out TileId tile)
    {
        tile = default;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash < 0 || !TryParseSmall(rest[..slash], MaxLevel, out var level))
        {
            return false;
        }

        if (!TryParseIndexAndWidth(rest[(slash + 1)..], out var index, out var width))
        {
            return false;
        }

        tile = new TileId(level, index, width);
        return true;
    }

    /// <summary>Parses <c>tile/entries/N[.p/W]</c>; the result has level 0. Width is 256 for a full bundle.</summary>
    public static bool TryParseEntryBundle(ReadOnlySpan<char> path, out TileId bundle)
    {
        bundle = default;
        if (!path.StartsWith(EntriesPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (!TryParseIndexAndWidth(path[EntriesPrefix.Length..], out var index, out var width))
        {
            return false;
        }

        bundle = new TileId(0, index, width);
        return true;
    }

    /// <summary>Parses the N part (<c>x001/x234/067</c>) in canonical form only.</summary>
    public static bool TryParseIndex(ReadOnlySpan<char> encoded, out ulong index)
    {
        index = 0;
        var first = true;
        while (true)
        {
            var slash = encoded.IndexOf('/');
            var last = slash < 0;
            var element = last ? encoded : encoded[..slash];

            // tlog-tiles: zero-padded 3-digit elements, all but the last beginning with "x".
            if (!last)
            {
                if (element.Length != 4 || element[0] != 'x')
                {
                    return false;
                }

                element = element[1..];
            }

            if (element.Length != 3 || !IsDigits(element))
            {
                return false;
            }

            var group = (ulong)(((element[0] - '0') * 100) + ((element[1] - '0') * 10) + (element[2] - '0'));

            // Canonical form: no leading all-zero group.
            if (first && !last && group == 0)
            {
                return false;
            }

            if (index > (ulong.MaxValue - group) / 1000)
            {
                return false;
            }

            index = (index * 1000) + group;
            first = false;
            if (last)
            {
                return true;
            }

            encoded = encoded[(slash + 1)..];
        }
    }

    private static bool TryParseIndexAndWidth(ReadOnlySpan<char> rest, out ulong index, out int width)
    {
        width = TileMath.TileWidth;
        var partial = rest.IndexOf(".p/", StringComparison.Ordinal);
        if (partial >= 0)
        {
            // tlog-tiles: "<W> ... a decimal ASCII integer between 1 and 255, with no additional leading zeroes".
            if (!TryParseSmall(rest[(partial + 3)..], TileMath.TileWidth - 1, out width) || width == 0)
            {
                index = 0;
                return false;
            }

            rest = rest[..partial];
        }

        return TryParseIndex(rest, out index);
    }

    /// <summary>A decimal number in [0, max] without leading zeros or signs.</summary>
    private static bool TryParseSmall(ReadOnlySpan<char> text, int max, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 3 || !IsDigits(text) || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            value = (value * 10) + (c - '0');
        }

        return value <= max;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendIndex(StringBuilder sb, ulong index)
    {
        // Split into 3-digit groups, most significant first.
        Span<int> groups = stackalloc int[7];
        var count = 0;
        do
        {
            groups[count++] = (int)(index % 1000);
            index /= 1000;
        }
        while (index > 0);

        for (var i = count - 1; i >= 0; i--)
        {
            if (i > 0)
            {
                sb.Append('x');
            }

            sb.Append(groups[i].ToString("D3", CultureInfo.InvariantCulture));
            if (i > 0)
            {
                sb.Append('/');
            }
        }
    }

    private static void AppendPartial(StringBuilder sb, int partialWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partialWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partialWidth, TileMath.TileWidth - 1);
        if (partialWidth > 0)
        {
            sb.Append(".p/").Append(partialWidth.ToString(CultureInfo.InvariantCulture));
        }
    }
}
