namespace Signet.Core.Keys;

/// <summary>The kinds of public key Signet accepts (curve or modulus size fixed).</summary>
public enum KeyKind
{
    /// <summary>ECDSA on NIST P-256 (secp256r1).</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384 (secp384r1).</summary>
    EcdsaP384,

    /// <summary>ECDSA on NIST P-521 (secp521r1).</summary>
    EcdsaP521,

    /// <summary>Ed25519 (RFC 8032).</summary>
    Ed25519,

    /// <summary>RSA with a 2048-bit modulus.</summary>
    Rsa2048,

    /// <summary>RSA with a 3072-bit modulus.</summary>
    Rsa3072,

    /// <summary>RSA with a 4096-bit modulus.</summary>
    Rsa4096,
}
