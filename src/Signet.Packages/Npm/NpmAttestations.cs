using System.Text.Json;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Bundles.Legacy;
using Signet.Core.InToto;
using Signet.Core.Json;

namespace Signet.Packages.Npm;

/// <summary>One attestation of the registry's document: its predicate type and Sigstore bundle.</summary>
public sealed record NpmAttestation(string PredicateType, Bundle Bundle);

/// <summary>
/// The npm registry's attestations document (<c>GET /-/npm/v1/attestations/NAME@VERSION</c>):
/// <c>{"attestations": [{"predicateType", "bundle"}]}</c> with the npm publish attestation (predicate
/// <c>https://github.com/npm/attestation/tree/main/specs/publish/v0.1</c>, signed by the registry's key) and the SLSA
/// provenance (<c>https://slsa.dev/provenance/v0.2</c> or <c>v1</c>, signed keylessly by the build).
/// </summary>
public sealed record NpmAttestations(NpmAttestation Publish, NpmAttestation Provenance)
{
    /// <summary>The prefix of the publish attestation's predicate type (npm/attestation specs/publish).</summary>
    public const string PublishPredicatePrefix = "https://github.com/npm/attestation/tree/main/specs/publish/";

    /// <summary>The largest document read (16 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>Parses the document; it must hold one publish attestation and one SLSA provenance.</summary>
    /// <exception cref="SignetFormatException">The document is malformed or lacks one of the two.</exception>
    public static NpmAttestations Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            throw new SignetFormatException($"npm attestations: larger than {MaxBytes} bytes");
        }

        NpmAttestation? publish = null, provenance = null;
        try
        {
            using var doc = StrictJson.Parse(utf8Json.ToArray(), "npm attestations", new JsonLimits(MaxBytes, 64, 1024));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("attestations", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new SignetFormatException("npm attestations: expected {\"attestations\": [...]}");
            }

            var i = 0;
            foreach (var a in list.EnumerateArray())
            {
                var path = $"npm attestations: attestations[{i++}]";
                var type = DocumentJson.String(a, "predicateType", path);
                var bundle = WithoutChainRoots(Bundle.Parse(System.Text.Encoding.UTF8.GetBytes(DocumentJson.Object(a, "bundle", path).GetRawText())));
                if (type.StartsWith(PublishPredicatePrefix, StringComparison.Ordinal))
                {
                    publish = publish is null ? new NpmAttestation(type, bundle) : throw new SignetFormatException($"{path}: a second publish attestation");
                }
                else if (type is SlsaPredicateTypes.V02 or SlsaPredicateTypes.V1)
                {
                    provenance = provenance is null ? new NpmAttestation(type, bundle) : throw new SignetFormatException($"{path}: a second provenance attestation");
                }
            }
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"npm attestations: not JSON ({e.Message})", e);
        }

        return new NpmAttestations(
            publish ?? throw new SignetFormatException("npm attestations: no publish attestation (predicate type " + PublishPredicatePrefix + "…)"),
            provenance ?? throw new SignetFormatException($"npm attestations: no SLSA provenance (predicate type {SlsaPredicateTypes.V02} or {SlsaPredicateTypes.V1})"));
    }

    /// <summary>
    /// The npm registry wrote its v0.1/v0.2 bundles with the whole chain, root included. A bundle must not bring its own
    /// trust anchor, so the root is left out (as for cosign's chain annotations) and the chain is built from the trusted
    /// root alone; nothing the bundle carried is trusted on its own word.
    /// </summary>
    private static Bundle WithoutChainRoots(Bundle bundle)
    {
        if (bundle.VerificationMaterial.X509CertificateChain is not { Count: > 1 } chain)
        {
            return bundle;
        }

        IReadOnlyList<byte[]> kept = [chain[0], .. DetachedSignature.WithoutRoots(chain.Skip(1))];
        return bundle with { VerificationMaterial = bundle.VerificationMaterial with { X509CertificateChain = kept } };
    }
}
