using System.Security.Cryptography;
using Signet.Client.Identity;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Files;

namespace Signet.Client.Signing;

/// <summary>
/// A signer whose identity is settled (an identity token, or a key) for one or more signings: each bundle is signed,
/// then verified with Signet's verifier against the trusted root (<see cref="SelfVerification"/>), and only then
/// handed out or written. Disposing it releases a key it opened.
/// </summary>
public sealed class SigningSession : IDisposable
{
    private readonly BundleSigner _signer;
    private readonly TrustedRoot _trustedRoot;
    private readonly SigningKey? _key;
    private readonly bool _ownsKey;
    private bool _disposed;

    private SigningSession(BundleSigner signer, TrustedRoot trustedRoot, IdentityToken? token, SigningKey? key, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(trustedRoot);
        _signer = signer;
        _trustedRoot = trustedRoot;
        Token = token;
        _key = key;
        _ownsKey = ownsKey;
    }

    /// <summary>The identity token of a keyless session, else null.</summary>
    public IdentityToken? Token { get; }

    /// <summary>The public key of a key session, else null.</summary>
    public VerificationKey? PublicKey => _key?.PublicKey;

    /// <summary>
    /// The hash of the artifact digest this session signs (<see cref="SigningPayload.ForArtifactDigest(HashAlgorithmName, byte[])"/>):
    /// the key's (<see cref="SigningKey.DigestHash"/>: SHA-384 for P-384, SHA-512 for P-521 and Ed25519), SHA-256 for a
    /// keyless session (its keys are ECDSA P-256). An artifact is hashed once, as a stream, whatever its size.
    /// </summary>
    public HashAlgorithmName DigestHash => _key?.DigestHash ?? HashAlgorithmName.SHA256;

    /// <summary>A keyless session: each signing gets a fresh key and a certificate for <paramref name="token"/>'s identity.</summary>
    /// <param name="signer">Signs over the chosen services.</param>
    /// <param name="token">The signer's identity token.</param>
    /// <param name="trustedRoot">The trust each new bundle must verify under.</param>
    public static SigningSession Keyless(BundleSigner signer, IdentityToken token, TrustedRoot trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new SigningSession(signer, trustedRoot, token, null, ownsKey: false);
    }

    /// <summary>A session signing with <paramref name="key"/> (not disposed by the session).</summary>
    /// <param name="signer">Signs over the chosen services.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="trustedRoot">The trust each new bundle must verify under.</param>
    public static SigningSession WithKey(BundleSigner signer, SigningKey key, TrustedRoot trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SigningSession(signer, trustedRoot, null, key, ownsKey: false);
    }

    /// <summary>A session that owns <paramref name="key"/> (opened for it) and disposes it.</summary>
    internal static SigningSession OwningKey(BundleSigner signer, SigningKey key, TrustedRoot trustedRoot) =>
        new(signer, trustedRoot, null, key, ownsKey: true);

    /// <summary>Signs <paramref name="payload"/> and verifies the bundle before returning it.</summary>
    /// <param name="payload">What to sign.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <exception cref="Core.Verification.VerificationException">The new bundle does not verify: it must not be used.</exception>
    public async Task<SignedBundle> SignAsync(SigningPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var signed = Token is not null
            ? await _signer.SignKeylessAsync(payload, Token, cancellationToken).ConfigureAwait(false)
            : await _signer.SignWithKeyAsync(payload, _key!, cancellationToken).ConfigureAwait(false);
        SelfVerification.Verify(signed, payload, _trustedRoot, Token, _key?.PublicKey);
        return signed;
    }

    /// <summary>
    /// Signs, verifies, and writes the bundle to <paramref name="bundlePath"/> atomically: a bundle that fails
    /// verification never reaches the disk, and a failed write leaves no partial file.
    /// </summary>
    /// <param name="payload">What to sign.</param>
    /// <param name="bundlePath">Where the bundle goes.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    public async Task<SignedBundle> SignToFileAsync(SigningPayload payload, string bundlePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundlePath);
        var signed = await SignAsync(payload, cancellationToken).ConfigureAwait(false);
        DurableFile.Replace(bundlePath, signed.Bundle.ToJson());
        return signed;
    }

    /// <summary>Releases the key when the session opened it.</summary>
    public void Dispose()
    {
        if (_ownsKey && !_disposed)
        {
            _key?.Dispose();
        }

        _disposed = true;
    }
}
