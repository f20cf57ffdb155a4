using Signet.Pkcs11.Native;

namespace Signet.Pkcs11;

/// <summary>
/// An Ed25519 key pair in a PKCS#11 token (CKK_EC_EDWARDS, PKCS#11 v3.0 §2.3.10; SoftHSM2 2.6 has it): the private key
/// signs messages inside the token with CKM_EDDSA (RFC 8032 pure Ed25519, no parameters) and is never exported.
/// Used through <see cref="Signet.Core.Keys.SigningKey.FromEd25519Signer"/> (a Rekor v2 log's checkpoint key).
/// </summary>
internal sealed class Pkcs11Ed25519Key(Pkcs11Signer signer) : IDisposable
{
    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>, made in the token.</summary>
    /// <exception cref="Signet.Core.SignetUnavailableException">The token does not sign.</exception>
    public byte[] Sign(byte[] message) => signer.Sign(CkConstants.CKM_EDDSA, message);

    public void Dispose() => signer.Dispose();
}
