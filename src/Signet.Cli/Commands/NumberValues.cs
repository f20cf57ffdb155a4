using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Signet.Cli.Commands;

/// <summary>
/// A number option given something that is not one is a usage error (exit 2) in words: <c>--log-index: 'abc' is not
/// a whole number</c>, <c>--log-index: '-1' is out of range (0 to 18446744073709551615)</c>. System.CommandLine's own
/// message names the .NET type (<c>as expected type 'System.Nullable`1[System.UInt64]'</c>). Numbers are read in the
/// invariant culture; a non-finite double (<c>NaN</c>, <c>Infinity</c>) is not a number of seconds or of anything else.
/// </summary>
internal static class NumberValues
{
    /// <summary>Gives every number option under <paramref name="command"/> that has no parser of its own this one.</summary>
    public static void ParseUnder(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<int> o:
                    o.CustomParser ??= r => Whole<int>(r, o.Name);
                    break;
                case Option<int?> o:
                    o.CustomParser ??= r => Whole<int>(r, o.Name);
                    break;
                case Option<ulong?> o:
                    o.CustomParser ??= r => Whole<ulong>(r, o.Name);
                    break;
                case Option<double> o:
                    o.CustomParser ??= r => Real(r, o.Name);
                    break;
                default:
                    if (IsNumber(option.ValueType))
                    {
                        // A new number type must be added above, not parsed with the type's name in its message.
                        throw new InvalidOperationException($"{option.Name}: no parser for {option.ValueType.Name}");
                    }

                    break;
            }
        }

        foreach (var sub in command.Subcommands)
        {
            ParseUnder(sub);
        }
    }

    private static bool IsNumber(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive && t != typeof(bool) && t != typeof(char) || t == typeof(decimal);
    }

    private static T Whole<T>(ArgumentResult result, string name)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var text = result.Tokens[^1].Value;
        if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError(IsDigits(text)
            ? $"{name}: '{text}' is out of range ({T.MinValue.ToString(null, CultureInfo.InvariantCulture)} to {T.MaxValue.ToString(null, CultureInfo.InvariantCulture)})"
            : $"{name}: '{text}' is not a whole number");
        return default;
    }

    private static double Real(ArgumentResult result, string name)
    {
        var text = result.Tokens[^1].Value;
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not a number");
        return default;
    }

    private static bool IsDigits(string text)
    {
        var digits = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }
}
