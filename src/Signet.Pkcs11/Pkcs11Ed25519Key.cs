using Signet.Core;
using Signet.Pkcs11.Native;

namespace Signet.Pkcs11;

/// <summary>
/// An Ed25519 key pair in a PKCS#11 token (CKK_EC_EDWARDS, PKCS#11 v3.0 §2.3.10; SoftHSM2 2.6 has it): the private key
/// signs messages inside the token with CKM_EDDSA (RFC 8032 pure Ed25519, no parameters) and is never exported.
/// Used through <see cref="Signet.Core.Keys.SigningKey.FromEd25519Signer"/> (a Rekor v2 log's checkpoint key).
/// </summary>
internal sealed class Pkcs11Ed25519Key(Pkcs11Module.Session session, nuint privateKey, Pkcs11Uri uri) : IDisposable
{
    private readonly Lock _gate = new();

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>, made in the token.</summary>
    public byte[] Sign(byte[] message)
    {
        try
        {
            lock (_gate)
            {
                return session.Sign(CkConstants.CKM_EDDSA, privateKey, message);
            }
        }
        catch (Pkcs11CallException e)
        {
            throw new SignetFormatException($"PKCS#11 {uri}: Ed25519 signing failed ({e.Message})", e);
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
