namespace Signet.Core.Keys;

/// <summary>The kinds of public key Signet accepts (curve or modulus size fixed).</summary>
public enum KeyKind
{
    EcdsaP256,
    EcdsaP384,
    EcdsaP521,
    Ed25519,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}
