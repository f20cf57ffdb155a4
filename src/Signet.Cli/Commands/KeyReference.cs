using Signet.Core.Keys;
using Signet.Pkcs11;

namespace Signet.Cli.Commands;

/// <summary>
/// A key named on the command line: a PEM file, or a key in a hardware module by its RFC 7512 URI
/// (<c>pkcs11:token=T;object=O?module-path=LIB&amp;pin-value=PIN</c>, <see cref="Pkcs11Uri"/>). A key in a module signs
/// there and is never exported.
/// </summary>
internal static class KeyReference
{
    /// <summary>The signing key a <c>pkcs11:</c> URI names; null for a file name.</summary>
    public static SigningKey? OpenInModule(string reference) =>
        Pkcs11Uri.IsPkcs11(reference) ? Pkcs11Keys.OpenSigningKey(Pkcs11Uri.Parse(reference)) : null;

    /// <summary>The public key of the key a <c>pkcs11:</c> URI names; null for a file name.</summary>
    public static VerificationKey? PublicKeyInModule(string reference)
    {
        using var key = OpenInModule(reference);
        return key?.PublicKey;
    }
}
