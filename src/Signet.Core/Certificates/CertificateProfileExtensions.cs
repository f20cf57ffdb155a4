using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Certificates;

/// <summary>
/// Strict DER decoders of the three extensions that say what a certificate may be used for: basic constraints
/// (RFC 5280 §4.2.1.9), key usage (§4.2.1.3) and extended key usage (§4.2.1.12). Anything that is not their exact
/// DER is a <see cref="SignetFormatException"/>.
/// </summary>
public static class CertificateProfileExtensions
{
    /// <summary>The most key purposes an extended key usage extension may list here.</summary>
    public const int MaxKeyPurposes = 32;

    /// <summary>
    /// <c>BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }</c>:
    /// whether the certificate is a CA (an explicit FALSE is not DER, X.690 §11.5).
    /// </summary>
    public static bool ReadBasicConstraints(ReadOnlyMemory<byte> value) => Read(value, "basic constraints", r =>
    {
        var s = r.ReadSequence();
        var ca = false;
        if (s.HasData && s.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            ca = s.ReadBoolean();
            if (!ca)
            {
                throw new SignetFormatException("certificate basic constraints: encodes the default cA FALSE (not DER)");
            }
        }

        if (s.HasData && (!s.TryReadInt32(out var pathLength) || pathLength < 0))
        {
            throw new SignetFormatException("certificate basic constraints: pathLenConstraint is not an INTEGER in 0..2^31-1");
        }

        s.ThrowIfNotEmpty();
        return ca;
    });

    /// <summary>
    /// <c>KeyUsage ::= BIT STRING { digitalSignature (0), …, decipherOnly (8) }</c> as the platform's flags, with the
    /// trailing zero bits of a DER named bit list removed (X.690 §11.2.2) and no bit past decipherOnly.
    /// </summary>
    public static X509KeyUsageFlags ReadKeyUsage(ReadOnlyMemory<byte> value) => Read(value, "key usage", r =>
    {
        // DER (X.690 §11.2.1): the unused bits are zero; the reader checks that.
        var bits = r.ReadBitString(out var unused);
        if (bits.Length > 2 || (bits.Length == 2 && (bits[1] & 0x7F) != 0))
        {
            throw new SignetFormatException("certificate key usage: a bit past decipherOnly is set");
        }

        if (bits.Length > 0 && (bits[^1] & (1 << unused)) == 0)
        {
            throw new SignetFormatException("certificate key usage: trailing zero bits are not removed (not DER)");
        }

        // X509KeyUsageFlags puts bit 0 (digitalSignature) at 0x80 and decipherOnly at 0x8000, as the bytes come.
        return (X509KeyUsageFlags)(bits.Length == 0 ? 0 : bits[0] | (bits.Length == 2 ? bits[1] << 8 : 0));
    });

    /// <summary>
    /// <c>ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId</c>: the key purposes' OIDs in dotted form.
    /// </summary>
    public static IReadOnlyList<string> ReadExtendedKeyUsage(ReadOnlyMemory<byte> value) => Read(value, "extended key usage", r =>
    {
        var s = r.ReadSequence();
        var purposes = new List<string>();
        while (s.HasData)
        {
            if (purposes.Count == MaxKeyPurposes)
            {
                throw new SignetFormatException($"certificate extended key usage: more than {MaxKeyPurposes} key purposes");
            }

            purposes.Add(s.ReadObjectIdentifier());
        }

        if (purposes.Count == 0)
        {
            throw new SignetFormatException("certificate extended key usage: no key purpose (SIZE (1..MAX))");
        }

        return purposes;
    });

    private static T Read<T>(ReadOnlyMemory<byte> value, string what, Func<AsnReader, T> read)
    {
        try
        {
            var r = new AsnReader(value, AsnEncodingRules.DER);
            var result = read(r);
            r.ThrowIfNotEmpty();
            return result;
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"certificate {what}: not DER ({e.Message})", e);
        }
    }
}
