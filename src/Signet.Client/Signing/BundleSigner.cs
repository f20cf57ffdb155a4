using System.Security.Cryptography;
using System.Text;
using Signet.Client.Identity;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// Signs one payload into a v0.3 bundle (client-spec §3 "Signing"): keyless — ephemeral P-256 key, proof of
/// possession over the token's challenge claim, certificate from the <see cref="ICertificateProvider"/> — or with a
/// long-lived key; then the signature (message signature or DSSE), an RFC 3161 timestamp over the signature from each
/// <see cref="ITimestamper"/>, and an entry in each <see cref="ITransparencyLogClient"/>. Timestamping and logging run
/// concurrently. The result is not yet verified: <see cref="SelfVerification"/> does that before anything is written.
/// </summary>
public sealed class BundleSigner
{
    private readonly SigningClients _clients;
    private readonly TimeProvider _time;

    /// <summary>A signer over the given service implementations.</summary>
    /// <param name="clients">The CA, logs and TSAs to use.</param>
    /// <param name="time">The clock: token expiry and the step timings.</param>
    public BundleSigner(SigningClients clients, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(time);
        _clients = clients;
        _time = time;
    }

    /// <summary>A signer over HTTP to the services of a signing config (<see cref="SigningClients.Connect"/>).</summary>
    /// <param name="http">The HTTP client every request goes through (not disposed here).</param>
    /// <param name="services">The services chosen from a signing config.</param>
    /// <param name="time">The clock: token expiry and the step timings.</param>
    public BundleSigner(HttpClient http, SigningServices services, TimeProvider time)
        : this(SigningClients.Connect(services, http), time)
    {
    }

    /// <summary>Signs keylessly: a fresh key, a certificate for it bound to <paramref name="token"/>'s identity.</summary>
    /// <param name="payload">What to sign.</param>
    /// <param name="token">The signer's identity token (refused once expired).</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <exception cref="SignetFormatException">There is no CA, or neither a log nor a TSA, to sign with.</exception>
    /// <exception cref="IdentityTokenException">The token has expired.</exception>
    public async Task<SignedBundle> SignKeylessAsync(SigningPayload payload, IdentityToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(token);
        token.EnsureNotExpired(_time.GetUtcNow());
        var ca = _clients.CertificateProvider
            ?? throw new SignetFormatException("signing config: no certificate authority (caUrls) is valid now");

        // A certificate lives minutes: only a log entry or a signed timestamp shows it was valid when it signed.
        if (_clients.TransparencyLogs.Count == 0 && _clients.Timestampers.Count == 0)
        {
            throw new SignetFormatException("signing config: keyless signing needs a transparency log or a timestamp authority");
        }

        var total = _time.GetTimestamp();
        var step = _time.GetTimestamp();
        using var key = SigningKey.GenerateEcdsaP256();
        var proof = key.Sign(Encoding.UTF8.GetBytes(token.Challenge));
        var keyTime = _time.GetElapsedTime(step);

        step = _time.GetTimestamp();
        var chain = await ca.CreateSigningCertificateAsync(token, key.PublicKey, proof, cancellationToken).ConfigureAwait(false);
        var certTime = _time.GetElapsedTime(step);
        if (chain.Count == 0)
        {
            throw new SignetFormatException("CA response: the chain is empty");
        }

        var leaf = chain[0];
        var (bundle, timings) = await SignAndRecordAsync(payload, key, leaf, cancellationToken).ConfigureAwait(false);
        return new SignedBundle(bundle, leaf, timings with { Key = keyTime, Certificate = certTime, Total = _time.GetElapsedTime(total) });
    }

    /// <summary>Signs with a long-lived key: the bundle names the key by its hint, not a certificate.</summary>
    /// <param name="payload">What to sign.</param>
    /// <param name="key">The signing key (not disposed here).</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    public async Task<SignedBundle> SignWithKeyAsync(SigningPayload payload, SigningKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var total = _time.GetTimestamp();
        var (bundle, timings) = await SignAndRecordAsync(payload, key, null, cancellationToken).ConfigureAwait(false);
        return new SignedBundle(bundle, null, timings with { Total = _time.GetElapsedTime(total) });
    }

    private async Task<(Bundle Bundle, SigningTimings Timings)> SignAndRecordAsync(
        SigningPayload payload, SigningKey key, byte[]? certificate, CancellationToken cancellationToken)
    {
        var step = _time.GetTimestamp();
        byte[] signature;
        byte[] loggedDigest;
        SigningAlgorithm algorithm;
        MessageSignature? messageSignature = null;
        Envelope? envelope = null;
        if (payload.IsDsse)
        {
            // DSSE v1: the signature covers PAE(type, payload); a hashedrekord entry records the PAE's digest, of the
            // hash the key's algorithm names (rekor-tiles: P-256 SHA-256, P-384 SHA-384, …).
            var pae = Core.Dsse.Dsse.Pae(payload.PayloadType!, payload.Payload!);
            signature = key.Sign(pae);
            algorithm = key.Algorithm;
            loggedDigest = DigestAlgorithms.Hash(SigningAlgorithms.HashOf(algorithm), pae);
            envelope = new Envelope(payload.Payload!, payload.PayloadType!, [new EnvelopeSignature(signature, null)]);
        }
        else
        {
            // A message signature covers the artifact's digest of the hash the key's algorithm names (protobuf-specs'
            // algorithm registry; an Ed25519 key signs its SHA-512 as Ed25519ph, as rekor and sigstore-go do), and the
            // bundle's messageDigest says which.
            algorithm = key.DigestAlgorithm;
            var hash = key.DigestHash;
            loggedDigest = payload.DigestOf(hash)
                ?? throw new ArgumentException($"this key signs the artifact's {hash.Name} digest, and the payload carries only another: sign SigningPayload.ForArtifact or ForArtifactDigest({hash.Name}, …)", nameof(payload));
            try
            {
                signature = key.SignDigest(loggedDigest);
            }
            catch (NotSupportedException e)
            {
                // An Ed25519 key in a hardware module signs messages only (CKM_EDDSA), not an Ed25519ph digest.
                throw new SignetFormatException($"key: {e.Message}", e);
            }

            messageSignature = new MessageSignature(new HashOutput(HashOutput.NameOf(hash), loggedDigest), signature);
        }

        var signTime = _time.GetElapsedTime(step);
        var content = new LogEntryContent(payload, signature, loggedDigest, key.PublicKey, algorithm, certificate);

        // The two waits overlap: each TSA and each log is asked at once, and the bundle waits for the slowest.
        var timestampsTask = TimedAsync(() => TimestampAllAsync(signature, cancellationToken));
        var entriesTask = TimedAsync(() => RecordAllAsync(content, cancellationToken));
        var (timestamps, tsaTime) = await timestampsTask.ConfigureAwait(false);
        var (entries, logTime) = await entriesTask.ConfigureAwait(false);

        var material = new VerificationMaterial(
            certificate is null ? new PublicKeyIdentifier(Hex.Encode(SHA256.HashData(key.PublicKey.SpkiDer))) : null,
            null,
            certificate,
            entries,
            timestamps);
        var bundle = new Bundle(MediaTypes.BundleV03, material, messageSignature, envelope);
        return (bundle, new SigningTimings(TimeSpan.Zero, TimeSpan.Zero, signTime, tsaTime, logTime, TimeSpan.Zero));
    }

    private async Task<(T Result, TimeSpan Elapsed)> TimedAsync<T>(Func<Task<T>> step)
    {
        var start = _time.GetTimestamp();
        var result = await step().ConfigureAwait(false);
        return (result, _time.GetElapsedTime(start));
    }

    private async Task<IReadOnlyList<Rfc3161SignedTimestamp>> TimestampAllAsync(byte[] signature, CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(_clients.Timestampers.Select(t => t.TimestampAsync(signature, cancellationToken))).ConfigureAwait(false);
        return replies.Select(r => new Rfc3161SignedTimestamp(r)).ToList();
    }

    private async Task<IReadOnlyList<TransparencyLogEntry>> RecordAllAsync(LogEntryContent content, CancellationToken cancellationToken) =>
        await Task.WhenAll(_clients.TransparencyLogs.Select(l => l.RecordAsync(content, cancellationToken))).ConfigureAwait(false);
}

/// <summary>A freshly signed bundle, its signing certificate (keyless) and how long each step took.</summary>
/// <param name="Bundle">The v0.3 bundle.</param>
/// <param name="Certificate">The signing certificate (DER) of a keyless signing, else null.</param>
/// <param name="Timings">How long each step took.</param>
public sealed record SignedBundle(Bundle Bundle, byte[]? Certificate, SigningTimings Timings);

/// <summary>
/// Wall time of each signing step: key generation and proof, certificate, signature, timestamping and logging
/// (these two run concurrently, so the steps may add up to more than <see cref="Total"/>).
/// </summary>
/// <param name="Key">Key generation and proof of possession (keyless).</param>
/// <param name="Certificate">The certificate request (keyless).</param>
/// <param name="Signature">Signing the payload.</param>
/// <param name="Timestamp">Time-stamping at every TSA.</param>
/// <param name="Log">Recording in every log.</param>
/// <param name="Total">The whole signing.</param>
public sealed record SigningTimings(TimeSpan Key, TimeSpan Certificate, TimeSpan Signature, TimeSpan Timestamp, TimeSpan Log, TimeSpan Total);
