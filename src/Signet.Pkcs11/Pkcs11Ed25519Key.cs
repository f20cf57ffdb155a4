using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signet.Core;

namespace Signet.Pkcs11;

/// <summary>
/// An Ed25519 key pair in a PKCS#11 token (CKK_EC_EDWARDS, PKCS#11 v3.0 §2.3.10; SoftHSM2 2.6 has it): the private key
/// signs messages inside the token with CKM_EDDSA (RFC 8032 pure Ed25519, no parameters) and is never exported.
/// Used through <see cref="Signet.Core.Keys.SigningKey.FromEd25519Signer"/> (a Rekor v2 log's checkpoint key).
/// </summary>
internal sealed class Pkcs11Ed25519Key(Pkcs11Module.Session session, IObjectHandle privateKey, Pkcs11Uri uri) : IDisposable
{
    /// <summary>CKK_EC_EDWARDS (PKCS#11 v3.0 §2.3.10).</summary>
    public const ulong KeyType = 0x40;

    /// <summary>CKM_EDDSA (PKCS#11 v3.0 §2.3.14).</summary>
    public const ulong SignMechanism = 0x1057;

    /// <summary>CKM_EC_EDWARDS_KEY_PAIR_GEN (PKCS#11 v3.0 §2.3.11).</summary>
    public const ulong GenerateMechanism = 0x1055;

    private readonly Lock _gate = new();

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>, made in the token.</summary>
    public byte[] Sign(byte[] message)
    {
        using var mechanism = Pkcs11Module.Factories.MechanismFactory.Create(SignMechanism);
        try
        {
            lock (_gate)
            {
                return session.Inner.Sign(mechanism, privateKey, message);
            }
        }
        catch (Pkcs11Exception e)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: Ed25519 signing failed ({e.RV})", e);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            session.Dispose();
        }
    }
}
