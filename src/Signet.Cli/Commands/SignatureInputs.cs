using System.CommandLine;
using System.Security.Cryptography;
using Signet.Client.Log;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Bundles.Legacy;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// What <c>signet verify</c> and <c>signet bundle convert</c> were given as signature material, read into one form: a
/// Sigstore bundle, or a <see cref="DetachedSignature"/> from cosign's old bundle, a Rekor bundle with
/// <c>--signature</c>, or a bare <c>--signature</c> (whose log entry is then looked up online).
/// </summary>
internal static class SignatureInputs
{
    /// <summary>The Sigstore bundle given, or the detached signature the other forms make.</summary>
    public static (Bundle? Bundle, DetachedSignature? Detached) Read(ParseResult p, VerifyOptions options)
    {
        var legacy = options.Legacy;
        var signature = legacy.ReadSignature(p);
        var bundlePath = signature is null ? options.RequireBundlePath(p, ", or --signature with --certificate or --key") : options.BundlePath(p);
        if (bundlePath is null)
        {
            return (null, new DetachedSignature(signature!, legacy.ReadChain(p, null), []));
        }

        var bytes = CliFiles.Read(bundlePath, "bundle", Bundle.MaxSize);
        switch (BundleFormats.Detect(bytes))
        {
            case BundleFormat.Sigstore:
                if (legacy.AnyGiven(p))
                {
                    throw new UsageException("a Sigstore bundle carries its signature and certificate; --signature, --certificate and --certificate-chain are for cosign's detached forms");
                }

                return (Bundle.Parse(bytes), null);
            case BundleFormat.CosignBlob:
                var old = CosignBlobBundle.Parse(bytes);
                if (signature is not null && !signature.AsSpan().SequenceEqual(old.Signature))
                {
                    throw new SignetFormatException("--signature differs from the bundle's base64Signature");
                }

                return (null, new DetachedSignature(old.Signature, legacy.ReadChain(p, old.CertificatePem), old.RekorBundle is null ? [] : [old.RekorBundle.ToLogEntry()]));
            default:
                var rekor = RekorBundle.Parse(bytes);
                return (null, new DetachedSignature(
                    signature ?? throw new UsageException("a Rekor bundle carries the log entry only: give --signature (and --certificate or --key)"),
                    legacy.ReadChain(p, null),
                    [rekor.ToLogEntry()]));
        }
    }

    /// <summary>The message digest hint of a detached signature's bundle: the artifact's SHA-256, when known.</summary>
    public static HashOutput? DigestHint(Artifact artifact) =>
        artifact.GetDigest(HashAlgorithmName.SHA256) is { } d ? new HashOutput("SHA2_256", d) : null;

    /// <summary>
    /// The Rekor v1 log to search: <c>--rekor-url</c>, else the first Rekor v1 log (majorApiVersion 1) of the TUF trust
    /// store's signing config valid now.
    /// </summary>
    public static Uri RekorUrl(ParseResult p, LegacyVerifyOptions legacy, TimeProvider time)
    {
        if (p.GetValue(legacy.RekorUrl) is { } given)
        {
            return Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? uri
                : throw new SignetFormatException($"--rekor-url '{given}': not an http(s) URL");
        }

        byte[] json;
        try
        {
            json = CachedTrust.SigningConfigJsonAsync(p.InvocationConfiguration.Error).GetAwaiter().GetResult();
        }
        catch (Signet.Tuf.Client.TufException e)
        {
            // What is missing is the log to look the signature up in, which only the signing config names.
            throw new Signet.Tuf.Client.TufException(e.Code, $"no --rekor-url, and the signing config naming the Rekor v1 log to look the signature up in is not at hand: {e.Message}; or pass --rekor-url URL", e.InnerException ?? e); // the same kind (an unreachable mirror: unavailable)
        }

        var config = SigningConfig.Parse(json);
        var log = SigningServices.RekorV1Log(config, time.GetUtcNow(), "without --rekor-url, the signature is looked up in its Rekor v1 log");
        return new Uri(log.Url);
    }

    /// <summary>Verifies a detached signature, looking its entry up online unless the material carries one or the log is ignored.</summary>
    public static async Task<VerificationResult> VerifyDetachedAsync(
        ParseResult p, LegacyVerifyOptions legacy, DetachedSignature detached, Artifact artifact, Verifier verifier, VerificationPolicy policy,
        bool ignoreTlog, TimeProvider time, CancellationToken ct)
    {
        if (ignoreTlog || detached.Entries.Count > 0)
        {
            var material = ignoreTlog ? detached.WithEntries([]) : detached;
            return verifier.Verify(material.ToBundle(DigestHint(artifact)), artifact, policy);
        }

        using var http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout);
        var log = new RekorV1Client(http, RekorUrl(p, legacy, time));
        return await new DetachedSignatureVerifier(log, verifier).VerifyAsync(detached, artifact, policy, ct).ConfigureAwait(false);
    }
}
