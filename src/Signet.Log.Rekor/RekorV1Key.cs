using System.Security.Cryptography;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Log.Engine;

namespace Signet.Log.Rekor;

/// <summary>
/// The log's Rekor v1 identity: an ECDSA P-256 key, as Rekor v1 runs (its signer makes ECDSA P-256 signatures), with
/// Rekor's log ID = SHA-256 of the DER SubjectPublicKeyInfo. It signs the signed entry timestamps of the v1 API and
/// adds a second signature line to every checkpoint with Sigstore's Rekor v1 key hint (the first 4 bytes of that log
/// ID). Needed because v1 clients key Rekor's public keys by SHA-256(SPKI) and accept only ECDSA for them (cosign
/// <c>pkg/cosign/tlog.go</c>: <c>getLogID</c>, <c>RekorPubKey.PubKey *ecdsa.PublicKey</c>). Stored as PKCS#8 PEM in
/// <c>DIR/keys/log-ecdsa-p256.pem</c> (mode 0600).
/// </summary>
public sealed class RekorV1Key : IDisposable
{
    /// <summary>The key's file name in the server's keys directory.</summary>
    public const string FileName = "log-ecdsa-p256.pem";

    private readonly SigningKey _key;
    private readonly string _origin;
    private readonly List<(RekorV1Key Key, long Until)> _retired = [];

    private RekorV1Key(SigningKey key, string origin)
    {
        _key = key;
        _origin = origin;
        LogId = SHA256.HashData(key.PublicKey.SpkiDer);
        PublicKeyPem = Pem.Encode(PemLabels.PublicKey, key.PublicKey.SpkiDer);
        NoteSigner = RekorNoteSigner.Create(origin, key);
    }

    /// <summary>Rekor v1 log ID: SHA-256 of the DER public key.</summary>
    public byte[] LogId { get; }

    /// <summary>The public key as PEM (<c>GET /api/v1/log/publicKey</c>).</summary>
    public string PublicKeyPem { get; }

    /// <summary>The public key (the trusted root's Rekor v1 log key).</summary>
    public VerificationKey PublicKey => _key.PublicKey;

    /// <summary>Signs checkpoints under the log's origin with the Rekor v1 key hint.</summary>
    public INoteSigner NoteSigner { get; }

    /// <summary>The signed entry timestamp of an entry of this log (<see cref="Signet.Core.Rekor.SignedEntryTimestamp"/>),
    /// signed with this key whatever the entry's time; the v1 API signs with <see cref="SignerAt"/>'s key.</summary>
    public byte[] SignEntryTimestamp(ReadOnlySpan<byte> body, long integratedTime, long logIndex) =>
        Signet.Core.Rekor.SignedEntryTimestamp.Sign(_key, body, integratedTime, LogId, logIndex);

    /// <summary>
    /// The key that was the log's v1 key at <paramref name="integratedTime"/> (Unix seconds): a retired one
    /// (<see cref="AddRetired"/>) for an entry integrated before that key's window closed, else this one. The v1 API
    /// signs an entry's SET when it serves the entry, as Rekor does, and a verifier checks the SET's key was valid at
    /// the entry's integrated time (sigstore-go <c>VerifySET</c>): an entry logged before <c>signet serve --rotate log</c>
    /// keeps the log ID and SET of the key it was logged under.
    /// </summary>
    public RekorV1Key SignerAt(long integratedTime)
    {
        foreach (var (key, until) in _retired)
        {
            if (integratedTime < until)
            {
                return key;
            }
        }

        return this;
    }

    /// <summary>Adds a retired v1 key of this log, whose window closed at <paramref name="until"/> (Unix seconds): entries
    /// integrated before then, and after the window of any earlier retired key, are served with its SET and log ID.</summary>
    /// <param name="key">An ECDSA P-256 key; owned by this key from now on.</param>
    /// <param name="until">The end of the key's window (the rotation's time).</param>
    public void AddRetired(SigningKey key, long until)
    {
        var retired = FromKey(key, _origin);
        _retired.Add((retired, until));
        _retired.Sort((a, b) => a.Until.CompareTo(b.Until));
    }

    /// <summary>Wraps an ECDSA P-256 key held in memory (tests, tools).</summary>
    /// <param name="key">The key; owned by the result from now on.</param>
    /// <param name="origin">The log's origin, the name its checkpoint signature line carries.</param>
    public static RekorV1Key FromKey(SigningKey key, string origin) =>
        key.Algorithm == SigningAlgorithm.PkixEcdsaP256Sha256 ? new RekorV1Key(key, origin) : throw new ArgumentException("the Rekor v1 key must be ECDSA P-256", nameof(key));

    /// <summary>Loads <see cref="FileName"/> from <paramref name="keysDirectory"/>, creating it on first start.</summary>
    /// <param name="keysDirectory">The server's keys directory.</param>
    /// <param name="origin">The log's origin, the name its checkpoint signature line carries.</param>
    public static RekorV1Key LoadOrCreate(string keysDirectory, string origin)
    {
        var key = KeyFile.LoadOrCreate(Path.Combine(keysDirectory, FileName), SigningKey.GenerateEcdsaP256);
        if (key.Algorithm != SigningAlgorithm.PkixEcdsaP256Sha256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{Path.Combine(keysDirectory, FileName)} is not an ECDSA P-256 key");
        }

        return new RekorV1Key(key, origin);
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        foreach (var (key, _) in _retired)
        {
            key.Dispose();
        }

        _key.Dispose();
    }
}
