using System.Globalization;
using System.Text;

namespace Signet.Core;

/// <summary>
/// Text from a certificate, bundle or other outside input made safe to print on a terminal or in a log line: control
/// characters (C0, DEL, C1), line and paragraph separators, bidirectional and other invisible format characters and
/// lone surrogates are written as escapes (<c>\n</c>, <c>\u001b</c>, <c>\u202e</c>), so a value cannot move the cursor,
/// rewrite earlier output, fake a new line or hide part of itself.
/// </summary>
public static class PrintableText
{
    /// <summary>The value with every unprintable character escaped; unchanged when it has none.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? "";
        }

        var i = 0;
        while (i < value.Length && !NeedsEscape(value, i))
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8).Append(value, 0, i);
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (!NeedsEscape(value, i))
            {
                sb.Append(c);
                if (char.IsHighSurrogate(c))
                {
                    sb.Append(value[++i]);
                }

                continue;
            }

            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(string s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        }

        return (char.IsLowSurrogate(c) && !(i > 0 && char.IsHighSurrogate(s[i - 1]))) || char.IsControl(c)
            || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
