using System.Security.Cryptography;
using Signet.Core.Asn1;

namespace Signet.Core.Keys;

/// <summary>
/// One of the named curves Signet accepts for ECDSA (NIST P-256, P-384, P-521; RFC 5480 §2.1.1.1): the one table of
/// each curve's object identifier, key kind, NIST name, size and hash, which every reader and writer of a curve uses.
/// </summary>
public sealed class EllipticCurve
{
    private byte[]? _groupName;

    private EllipticCurve()
    {
    }

    /// <summary>NIST P-256 (secp256r1).</summary>
    public static EllipticCurve P256 { get; } = new() { Kind = KeyKind.EcdsaP256, Oid = AlgorithmOids.P256, Name = "P-256", Bits = 256, Hash = HashAlgorithmName.SHA256 };

    /// <summary>NIST P-384 (secp384r1).</summary>
    public static EllipticCurve P384 { get; } = new() { Kind = KeyKind.EcdsaP384, Oid = AlgorithmOids.P384, Name = "P-384", Bits = 384, Hash = HashAlgorithmName.SHA384 };

    /// <summary>NIST P-521 (secp521r1).</summary>
    public static EllipticCurve P521 { get; } = new() { Kind = KeyKind.EcdsaP521, Oid = AlgorithmOids.P521, Name = "P-521", Bits = 521, Hash = HashAlgorithmName.SHA512 };

    /// <summary>The three curves, smallest first.</summary>
    public static IReadOnlyList<EllipticCurve> All { get; } = [P256, P384, P521];

    /// <summary>The key kind of an ECDSA key on this curve.</summary>
    public KeyKind Kind { get; private init; }

    /// <summary>The curve's object identifier in dotted form (RFC 5480 §2.1.1.1 namedCurve).</summary>
    public string Oid { get; private init; } = "";

    /// <summary>The curve's NIST name (FIPS 186-4 §D.1.2), which OpenSSL also takes as its group name.</summary>
    public string Name { get; private init; } = "";

    /// <summary>The size of the curve's field in bits.</summary>
    public int Bits { get; private init; }

    /// <summary>The hash of the curve's strength (RFC 5480 §4), which ECDSA signatures on it use by default.</summary>
    public HashAlgorithmName Hash { get; private init; }

    /// <summary>The size in bytes of a coordinate, a field element (SEC 1 v2 §2.3.5): 32, 48 or 66.</summary>
    public int CoordinateBytes => (Bits + 7) / 8;

    /// <summary>The curve as .NET names it, for creating or importing a key.</summary>
    public ECCurve Curve => ECCurve.CreateFromValue(Oid);

    /// <summary><see cref="Name"/> as ASCII with a terminating NUL, for OpenSSL's <c>group</c> parameter.</summary>
    internal ReadOnlySpan<byte> NulTerminatedName => _groupName ??= System.Text.Encoding.ASCII.GetBytes(Name + "\0");

    /// <summary>The curve <paramref name="oid"/> names, or null when it is not one of the three.</summary>
    /// <param name="oid">A namedCurve object identifier in dotted form; null when the key names none.</param>
    public static EllipticCurve? FromOid(string? oid) => oid switch
    {
        AlgorithmOids.P256 => P256,
        AlgorithmOids.P384 => P384,
        AlgorithmOids.P521 => P521,
        _ => null,
    };

    /// <summary>The curve of an ECDSA key kind.</summary>
    /// <param name="kind">An ECDSA key kind.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not an ECDSA key kind.</exception>
    public static EllipticCurve Of(KeyKind kind) => kind switch
    {
        KeyKind.EcdsaP256 => P256,
        KeyKind.EcdsaP384 => P384,
        KeyKind.EcdsaP521 => P521,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an ECDSA key kind"),
    };

    /// <summary>The curve of <paramref name="bits"/> bits (256, 384 or 521), or null.</summary>
    /// <param name="bits">The field size in bits.</param>
    public static EllipticCurve? FromBits(int bits) => All.FirstOrDefault(c => c.Bits == bits);
}
