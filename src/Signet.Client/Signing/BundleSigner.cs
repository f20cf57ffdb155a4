using System.Diagnostics;
using System.Text;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Bundle;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Rekor;

namespace Signet.Client.Signing;

/// <summary>
/// Signs one payload into a v0.3 bundle (client-spec §3 "Signing"): keyless — ephemeral P-256 key, proof of
/// possession over the token's challenge claim, certificate from the CA — or with a long-lived key; then the
/// signature (message signature or DSSE), an RFC 3161 timestamp over the signature from each selected TSA, and an
/// entry in each selected log (Rekor v1 or v2 as the signing config says). Timestamping and logging run concurrently.
/// The result is not yet verified: <see cref="SelfVerification"/> does that before anything is written.
/// </summary>
public sealed class BundleSigner(HttpClient http, SigningServices services, TimeProvider time)
{
    public async Task<SignedBundle> SignKeylessAsync(SigningPayload payload, IdentityToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(token);
        token.EnsureNotExpired(time.GetUtcNow());
        if (services.Ca is null)
        {
            throw new SignetFormatException("signing config: no certificate authority (caUrls) is valid now");
        }

        if (services.Logs.Count == 0 && services.Tsas.Count == 0)
        {
            throw new SignetFormatException("signing config: keyless signing needs a transparency log or a timestamp authority");
        }

        var total = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();
        using var key = SigningKey.GenerateEcdsaP256();
        var proof = key.Sign(Encoding.UTF8.GetBytes(token.Challenge));
        var keyTime = step.Elapsed;

        step.Restart();
        var fulcio = new FulcioClient(http, new Uri(services.Ca.Url));
        var chain = await fulcio.CreateSigningCertificateAsync(token.Jwt, key.PublicKey, proof, cancellationToken).ConfigureAwait(false);
        var certTime = step.Elapsed;

        var leaf = chain[0];
        var (bundle, timings) = await SignAndRecordAsync(payload, key, leaf, cancellationToken).ConfigureAwait(false);
        return new SignedBundle(bundle, leaf, timings with { Key = keyTime, Certificate = certTime, Total = total.Elapsed });
    }

    public async Task<SignedBundle> SignWithKeyAsync(SigningPayload payload, SigningKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var total = Stopwatch.StartNew();
        var (bundle, timings) = await SignAndRecordAsync(payload, key, null, cancellationToken).ConfigureAwait(false);
        return new SignedBundle(bundle, null, timings with { Total = total.Elapsed });
    }

    private async Task<(Bundle Bundle, SigningTimings Timings)> SignAndRecordAsync(
        SigningPayload payload, SigningKey key, byte[]? certificate, CancellationToken cancellationToken)
    {
        var step = Stopwatch.StartNew();
        byte[] signature;
        byte[] loggedDigest;
        MessageSignature? messageSignature = null;
        Envelope? envelope = null;
        if (payload.IsDsse)
        {
            // DSSE v1: the signature covers PAE(type, payload).
            var pae = Signet.Core.Dsse.Dsse.Pae(payload.PayloadType!, payload.Payload!);
            signature = key.Sign(pae);
            loggedDigest = System.Security.Cryptography.SHA256.HashData(pae);
            envelope = new Envelope(payload.Payload!, payload.PayloadType!, [new EnvelopeSignature(signature, null)]);
        }
        else
        {
            signature = key.Algorithm is SigningAlgorithm.PkixEd25519
                ? key.Sign(payload.Artifact!)
                : key.SignDigest(payload.ArtifactDigest!);
            loggedDigest = payload.ArtifactDigest!;
            messageSignature = new MessageSignature(new HashOutput("SHA2_256", payload.ArtifactDigest!), signature);
        }

        var signTime = step.Elapsed;
        var verifierPem = certificate is not null ? Pem.Encode("CERTIFICATE", certificate) : key.PublicKey.ToPem();

        var tsaWatch = new Stopwatch();
        var logWatch = new Stopwatch();
        var timestampsTask = TimedAsync(tsaWatch, () => TimestampAllAsync(signature, cancellationToken));
        var entriesTask = TimedAsync(logWatch, () => LogAllAsync(payload, key, certificate, signature, loggedDigest, verifierPem, cancellationToken));
        var timestamps = await timestampsTask.ConfigureAwait(false);
        var entries = await entriesTask.ConfigureAwait(false);

        var material = new VerificationMaterial(
            certificate is null ? new PublicKeyIdentifier(Hex.Encode(System.Security.Cryptography.SHA256.HashData(key.PublicKey.SpkiDer))) : null,
            null,
            certificate,
            entries,
            timestamps);
        var bundle = new Bundle(MediaTypes.BundleV03, material, messageSignature, envelope);
        return (bundle, new SigningTimings(TimeSpan.Zero, TimeSpan.Zero, signTime, tsaWatch.Elapsed, logWatch.Elapsed, TimeSpan.Zero));
    }

    private static async Task<T> TimedAsync<T>(Stopwatch watch, Func<Task<T>> step)
    {
        watch.Start();
        try
        {
            return await step().ConfigureAwait(false);
        }
        finally
        {
            watch.Stop();
        }
    }

    private async Task<IReadOnlyList<Rfc3161SignedTimestamp>> TimestampAllAsync(byte[] signature, CancellationToken cancellationToken)
    {
        var tasks = services.Tsas.Select(t => new TimestampClient(http, new Uri(t.Url)).TimestampAsync(signature, cancellationToken));
        var replies = await Task.WhenAll(tasks).ConfigureAwait(false);
        return replies.Select(r => new Rfc3161SignedTimestamp(r)).ToList();
    }

    private async Task<IReadOnlyList<TransparencyLogEntry>> LogAllAsync(
        SigningPayload payload, SigningKey key, byte[]? certificate, byte[] signature, byte[] loggedDigest, string verifierPem,
        CancellationToken cancellationToken)
    {
        var tasks = services.Logs.Select(log =>
        {
            var url = new Uri(log.Url);
            if (log.MajorApiVersion == 2)
            {
                var request = HashedRekordV002.Request(loggedDigest, signature, certificate, key.PublicKey, key.Algorithm);
                return new RekorV2Client(http, url).CreateEntryAsync(request, cancellationToken);
            }

            var proposed = payload.IsDsse
                ? DsseV001.Request(payload.PayloadType!, payload.Payload!, signature, verifierPem)
                : HashedRekordV001.Request(loggedDigest, signature, verifierPem);
            return new RekorV1Client(http, url).CreateEntryAsync(proposed, cancellationToken);
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}

/// <summary>A freshly signed bundle, its signing certificate (keyless) and how long each step took.</summary>
public sealed record SignedBundle(Bundle Bundle, byte[]? Certificate, SigningTimings Timings);

/// <summary>
/// Wall time of each signing step: key generation and proof, certificate, signature, timestamping and logging
/// (these two run concurrently, so the steps may add up to more than <see cref="Total"/>).
/// </summary>
public sealed record SigningTimings(TimeSpan Key, TimeSpan Certificate, TimeSpan Signature, TimeSpan Timestamp, TimeSpan Log, TimeSpan Total);
