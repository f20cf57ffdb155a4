using System.Formats.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// RFC 5280 §4.2.1.6 <c>GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName</c>, the value of a subject alternative
/// name extension: each name, a context-specific CHOICE, is handed to a reader that takes what it knows and skips the rest.
/// </summary>
internal static class GeneralNames
{
    /// <summary>The most names one extension may hold.</summary>
    public const int MaxNames = 1024;

    /// <summary>What <paramref name="read"/> makes of each name of <paramref name="extnValue"/>, nulls left out.</summary>
    /// <exception cref="SignetFormatException">The value is malformed, a name is not context-specific, or there are more
    /// than <see cref="MaxNames"/>.</exception>
    public static List<T> Read<T>(ReadOnlyMemory<byte> extnValue, Func<AsnReader, Asn1Tag, T?> read)
        where T : class
    {
        var list = new List<T>();
        try
        {
            var outer = new AsnReader(extnValue, AsnEncodingRules.DER);
            var names = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            for (var count = 1; names.HasData; count++)
            {
                var tag = names.PeekTag();
                if (count > MaxNames || tag.TagClass != TagClass.ContextSpecific)
                {
                    throw new SignetFormatException(count > MaxNames ? $"certificate SAN: more than {MaxNames} names" : "certificate SAN: GeneralName is not context-specific");
                }

                if (read(names, tag) is { } item)
                {
                    list.Add(item);
                }
            }
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"certificate SAN: malformed ({e.Message})", e);
        }

        return list;
    }
}
