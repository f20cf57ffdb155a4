using System.Formats.Asn1;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Pkcs11.Native;
using static Signet.Pkcs11.Native.CkConstants;

namespace Signet.Pkcs11;

/// <summary>
/// Opens and generates ECDSA keys in PKCS#11 tokens (P-256, P-384, P-521). A generated key is made by the token
/// (C_GenerateKeyPair) as a token object that is CKA_SENSITIVE and not CKA_EXTRACTABLE, so it never leaves it.
/// Every failure — module, token, PIN, object — is one <see cref="SignetFormatException"/> naming the URI.
/// </summary>
public static class Pkcs11Keys
{
    /// <summary>Opens the ECDSA key the URI names (its private key object, and its public key object for the point).</summary>
    /// <param name="uri">The key's URI; <c>object</c> or <c>id</c> selects the key pair.</param>
    /// <exception cref="SignetFormatException">The module, token, PIN or key does not work out.</exception>
    public static Pkcs11EcdsaKey Open(Pkcs11Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var session = Pkcs11Module.OpenSession(uri);
        try
        {
            var privateKey = FindOne(session, uri, CKO_PRIVATE_KEY)
                ?? throw new SignetFormatException($"PKCS#11 {uri}: no private key with that label/ID on the token"
                    + (uri.PinValue is null && uri.PinSource is null ? " (a private key needs the PIN: pin-value or pin-source)" : ""));
            var publicKey = FindOne(session, uri, CKO_PUBLIC_KEY)
                ?? throw new SignetFormatException($"PKCS#11 {uri}: the private key has no public key object beside it (same label/ID)");
            var attributes = session.GetAttributeValues(publicKey, [CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_EC_POINT]);
            if (KeyType(attributes[0]) != CKK_EC)
            {
                throw new SignetFormatException($"PKCS#11 {uri}: not an ECDSA key (only CKK_EC keys sign here)");
            }

            var curve = EcCurves.FromParameters(attributes[1] ?? [], uri);
            var point = EcCurves.DecodePoint(attributes[2] ?? [], curve, uri);
            RequireSigning(session, privateKey, CKK_EC, uri);
            return new Pkcs11EcdsaKey(new Pkcs11Signer(session, privateKey, attributes[2]!, uri), point, uri);
        }
        catch (Exception e)
        {
            session.Dispose();
            throw Pkcs11Module.Describe(e, uri);
        }
    }

    /// <summary>Opens the key the URI names as a <see cref="Signet.Core.Keys.SigningKey"/> (signing happens in the token):
    /// an ECDSA key (CKK_EC) or an Ed25519 key (CKK_EC_EDWARDS, signing with CKM_EDDSA).</summary>
    /// <param name="uri">The key's URI.</param>
    public static Signet.Core.Keys.SigningKey OpenSigningKey(Pkcs11Uri uri)
    {
        if (OpenEd25519(uri) is { } ed25519)
        {
            return ed25519;
        }

        var key = Open(uri);
        try
        {
            return Signet.Core.Keys.SigningKey.FromEcdsa(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Generates an ECDSA key pair inside the token under the URI's label (and ID); an existing key of that name is refused.</summary>
    /// <param name="uri">Where the key goes; <c>object</c> becomes CKA_LABEL, <c>id</c> CKA_ID.</param>
    /// <param name="curveBits">256, 384 or 521.</param>
    public static Pkcs11EcdsaKey GenerateEcdsa(Pkcs11Uri uri, int curveBits = 256)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Generate(uri, CKM_EC_KEY_PAIR_GEN, EcCurves.ParametersOf(curveBits));
        return Open(uri);
    }

    // C_GenerateKeyPair of a token key pair (CKA_TOKEN) whose private half never leaves the token.
    private static void Generate(Pkcs11Uri uri, nuint mechanism, byte[] parameters)
    {
        using var session = Pkcs11Module.OpenSession(uri);
        try
        {
            if (FindOne(session, uri, CKO_PRIVATE_KEY) is not null || FindOne(session, uri, CKO_PUBLIC_KEY) is not null)
            {
                throw new SignetFormatException($"PKCS#11 {uri}: a key with that label/ID exists; name a new object");
            }

            var publicTemplate = Selector(uri)
                .Add(CKA_TOKEN, true).Add(CKA_PRIVATE, false).Add(CKA_VERIFY, true).Add(CKA_EC_PARAMS, parameters);
            // Never leaves the token: PKCS#11 v2.40 §4.9 CKA_SENSITIVE / CKA_EXTRACTABLE.
            var privateTemplate = Selector(uri)
                .Add(CKA_TOKEN, true).Add(CKA_PRIVATE, true).Add(CKA_SIGN, true).Add(CKA_SENSITIVE, true).Add(CKA_EXTRACTABLE, false);
            session.Module.GenerateKeyPair(session.Handle, mechanism, publicTemplate, privateTemplate);
        }
        catch (Exception e)
        {
            throw Pkcs11Module.Describe(e, uri);
        }
    }

    /// <summary>The URI's key as an Ed25519 signing key when it is one (CKK_EC_EDWARDS), else null.</summary>
    private static Signet.Core.Keys.SigningKey? OpenEd25519(Pkcs11Uri uri)
    {
        var session = Pkcs11Module.OpenSession(uri);
        try
        {
            var publicKey = FindOne(session, uri, CKO_PUBLIC_KEY);
            var attributes = publicKey is null ? null : session.GetAttributeValues(publicKey.Value, [CKA_KEY_TYPE, CKA_EC_POINT]);
            if (attributes is null || KeyType(attributes[0]) != CKK_EC_EDWARDS)
            {
                session.Dispose();
                return null;
            }

            var privateKey = FindOne(session, uri, CKO_PRIVATE_KEY)
                ?? throw new SignetFormatException($"PKCS#11 {uri}: no private key with that label/ID on the token");
            var verificationKey = Signet.Core.Keys.VerificationKey.FromEd25519(Ed25519Raw(attributes[1] ?? [], uri));
            RequireSigning(session, privateKey, CKK_EC_EDWARDS, uri);
            var key = new Pkcs11Ed25519Key(new Pkcs11Signer(session, privateKey, attributes[1]!, uri));
            return Signet.Core.Keys.SigningKey.FromEd25519Signer(verificationKey, key.Sign, key);
        }
        catch (Exception e)
        {
            session.Dispose();
            throw Pkcs11Module.Describe(e, uri);
        }
    }

    /// <summary>Generates an Ed25519 key pair inside the token under the URI's label (and ID); an existing key of that name is refused.</summary>
    /// <param name="uri">Where the key goes; <c>object</c> becomes CKA_LABEL, <c>id</c> CKA_ID.</param>
    public static Signet.Core.Keys.SigningKey GenerateEd25519(Pkcs11Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        // CKA_EC_PARAMS of an Edwards key: the curve's OID, id-Ed25519 1.3.101.112 (RFC 8410 §3; PKCS#11 v3.0 §2.3.10).
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(AlgorithmOids.Ed25519);
        Generate(uri, CKM_EC_EDWARDS_KEY_PAIR_GEN, writer.Encode());
        return OpenSigningKey(uri);
    }

    /// <summary>
    /// The URI's key pair found again on a new session, after the module lost the old session or the key's handle: its
    /// private key, provided its public key object still has the CKA_EC_POINT <paramref name="publicPoint"/> of the
    /// key opened (never another key that now carries the label).
    /// </summary>
    /// <exception cref="SignetFormatException">The token, PIN or key is not there, or the key is another one.</exception>
    internal static (Pkcs11Module.Session Session, nuint PrivateKey) Reopen(Pkcs11Uri uri, byte[] publicPoint)
    {
        var session = Pkcs11Module.OpenSession(uri);
        try
        {
            var privateKey = FindOne(session, uri, CKO_PRIVATE_KEY)
                ?? throw new SignetFormatException($"PKCS#11 {uri}: the private key is no longer on the token");
            var publicKey = FindOne(session, uri, CKO_PUBLIC_KEY);
            var point = publicKey is null ? null : session.GetAttributeValues(publicKey.Value, [CKA_EC_POINT])[0];
            if (point is null || !point.AsSpan().SequenceEqual(publicPoint))
            {
                throw new SignetFormatException($"PKCS#11 {uri}: the token now holds another key under that label/ID; not signing with it");
            }

            return (session, privateKey);
        }
        catch (Exception e)
        {
            session.Dispose();
            throw Pkcs11Module.Describe(e, uri);
        }
    }

    // A private key that may not sign (CKA_SIGN false) or is not of its public key's type is refused when it is opened,
    // not at its first signature (C_SignInit's CKR_KEY_FUNCTION_NOT_PERMITTED or CKR_KEY_TYPE_INCONSISTENT).
    private static void RequireSigning(Pkcs11Module.Session session, nuint privateKey, nuint keyType, Pkcs11Uri uri)
    {
        var attributes = session.GetAttributeValues(privateKey, [CKA_SIGN, CKA_KEY_TYPE]);
        if (attributes[0] is [0])
        {
            throw new SignetFormatException($"PKCS#11 {uri}: the private key may not sign (its CKA_SIGN is false)");
        }

        if (KeyType(attributes[1]) is { } type && type != keyType)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: the private key is not of its public key's type (CKA_KEY_TYPE 0x{(ulong)type:x})");
        }
    }

    // CKA_EC_POINT of an Edwards key: the 32-byte public key, as a DER OCTET STRING (SoftHSM) or bare.
    private static byte[] Ed25519Raw(byte[] value, Pkcs11Uri uri)
    {
        var raw = value.Length == 34 && value[0] == 0x04 && value[1] == 32 ? value[2..] : value;
        return raw.Length == 32 ? raw : throw new SignetFormatException($"PKCS#11 {uri}: the Ed25519 public key is not 32 bytes");
    }

    // The URI's object= and id= as CKA_LABEL and CKA_ID (RFC 7512 §2.3).
    private static CkTemplate Selector(Pkcs11Uri uri)
    {
        var template = new CkTemplate();
        if (uri.ObjectLabel is { } label)
        {
            template.Add(CKA_LABEL, label);
        }

        if (uri.Id is { } id)
        {
            template.Add(CKA_ID, id);
        }

        return template;
    }

    private static nuint? FindOne(Pkcs11Module.Session session, Pkcs11Uri uri, nuint objectClass)
    {
        var found = session.FindObjects(Selector(uri).Add(CKA_CLASS, objectClass));
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new SignetFormatException(
                $"PKCS#11 {uri}: {found.Count} objects of class {(objectClass == CKO_PRIVATE_KEY ? "CKO_PRIVATE_KEY" : "CKO_PUBLIC_KEY")} match; give both object= and id="),
        };
    }

    // CKA_KEY_TYPE: a CK_ULONG in the module's word; anything else (absent, another size) is no key type.
    private static nuint? KeyType(byte[]? value) =>
        value is { Length: var n } && n == nuint.Size ? MemoryMarshal.Read<nuint>(value) : null;

    /// <summary>EC curve parameters and points as PKCS#11 carries them (X9.62 DER).</summary>
    private static class EcCurves
    {
        public static byte[] ParametersOf(int bits)
        {
            var curve = Signet.Core.Keys.EllipticCurve.FromBits(bits)
                ?? throw new ArgumentOutOfRangeException(nameof(bits), bits, "an ECDSA key in a token is P-256, P-384 or P-521");
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteObjectIdentifier(curve.Oid);
            return writer.Encode();
        }

        // CKA_EC_PARAMS: DER of X9.62 Parameters; a named curve is an OBJECT IDENTIFIER (PKCS#11 v2.40 §2.3.3).
        public static Signet.Core.Keys.EllipticCurve FromParameters(byte[] der, Pkcs11Uri uri)
        {
            try
            {
                var oid = AsnDecoder.ReadObjectIdentifier(der, AsnEncodingRules.DER, out var read);
                if (read == der.Length && Signet.Core.Keys.EllipticCurve.FromOid(oid) is { } curve)
                {
                    return curve;
                }
            }
            catch (AsnContentException)
            {
                // not a named curve
            }

            throw new SignetFormatException($"PKCS#11 {uri}: the key's curve is not P-256, P-384 or P-521");
        }

        // CKA_EC_POINT: DER OCTET STRING of the X9.62 uncompressed point 04 ‖ X ‖ Y (some modules give the raw point).
        public static ECParameters DecodePoint(byte[] value, Signet.Core.Keys.EllipticCurve curve, Pkcs11Uri uri)
        {
            var size = curve.CoordinateBytes;
            var point = value;
            if (value.Length != 1 + (2 * size))
            {
                try
                {
                    point = AsnDecoder.ReadOctetString(value, AsnEncodingRules.DER, out var read);
                    point = read == value.Length ? point : [];
                }
                catch (AsnContentException)
                {
                    point = [];
                }
            }

            if (point.Length != 1 + (2 * size) || point[0] != 0x04)
            {
                throw new SignetFormatException($"PKCS#11 {uri}: the public key's EC point is not an uncompressed point of its curve");
            }

            var parameters = new ECParameters { Curve = curve.Curve, Q = new ECPoint { X = point[1..(1 + size)], Y = point[(1 + size)..] } };
            parameters.Validate();
            return parameters;
        }
    }
}
