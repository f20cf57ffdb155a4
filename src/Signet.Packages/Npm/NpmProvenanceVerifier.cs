using System.Text.Json;
using Signet.Core;
using Signet.Core.InToto;
using Signet.Core.Verification;

namespace Signet.Packages.Npm;

/// <summary>
/// Verifies an npm package tarball against the registry's attestations document, as <c>npm audit signatures</c> and
/// slsa-verifier do: the SLSA provenance with its Fulcio certificate and log entry, the publish attestation with the
/// registry key its hint names (usage <c>npm:attestations</c>, valid when the entry was logged), both statements about
/// exactly one subject <c>pkg:npm/NAME@VERSION</c> whose sha512 is the tarball's, then the <see cref="NpmPolicy"/>.
/// Signatures, certificates and log entries are checked by Signet's one <see cref="Verifier"/>.
/// </summary>
/// <param name="verifier">The verifier (trust material parsed once).</param>
/// <param name="keys">The registry's keys.</param>
public sealed class NpmProvenanceVerifier(Verifier verifier, NpmRegistryKeys keys)
{
    private const string PurlPrefix = "pkg:npm/";

    /// <summary>Verifies the attestations for a tarball.</summary>
    /// <param name="attestations">The registry's document.</param>
    /// <param name="tarball">The tarball: its bytes or its sha512.</param>
    /// <param name="policy">What the attestations must say.</param>
    /// <exception cref="VerificationException">An attestation does not verify, or does not say what the policy asks.</exception>
    /// <exception cref="SignetFormatException">A statement is malformed.</exception>
    public NpmVerification Verify(NpmAttestations attestations, Artifact tarball, NpmPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        ArgumentNullException.ThrowIfNull(tarball);
        ArgumentNullException.ThrowIfNull(policy);

        var provenance = verifier.Verify(attestations.Provenance.Bundle, tarball, policy.ProvenanceIdentity ?? VerificationPolicy.WithoutIdentityUnsafe());
        var cert = provenance.Certificate
            ?? throw new VerificationException(VerificationErrorCode.KeyMismatch, "the provenance is signed with a key, not a build's certificate");
        var publish = VerifyPublish(attestations.Publish, tarball);

        // in-toto headers: each statement's predicate type is the one the document lists it under.
        var provenanceStatement = Statement(provenance, "provenance");
        if (provenanceStatement.PredicateType != attestations.Provenance.PredicateType)
        {
            throw new VerificationException(VerificationErrorCode.PredicateTypeMismatch, $"the provenance statement's predicate type '{provenanceStatement.PredicateType}' is not {attestations.Provenance.PredicateType}");
        }

        var publishStatement = Statement(publish, "publish attestation");
        if (!publishStatement.PredicateType.StartsWith(NpmAttestations.PublishPredicatePrefix, StringComparison.Ordinal))
        {
            throw new VerificationException(VerificationErrorCode.PredicateTypeMismatch, $"the publish statement's predicate type '{publishStatement.PredicateType}' is not an npm publish attestation");
        }

        // Both statements are about the same one package version.
        var (name, version) = Subject(provenanceStatement, "provenance");
        if (Subject(publishStatement, "publish attestation") != (name, version) || PublishPredicate(publishStatement) != (name, version))
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, "the publish attestation and the provenance name different packages");
        }

        if (policy.PackageName is { } expectedName && expectedName != name)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"package name does not match provenance: '{name}', expected '{expectedName}'");
        }

        if (policy.PackageVersion is { } expectedVersion && expectedVersion != version)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"package version does not match provenance: '{version}', expected '{expectedVersion}'");
        }

        var source = cert.SourceRepositoryUri ?? (cert.GitHubWorkflowRepository is { } r ? "https://github.com/" + r : null);
        if (policy.SourceUri is { } expectedSource)
        {
            var expected = expectedSource.Contains("://", StringComparison.Ordinal) ? expectedSource : "https://" + expectedSource;
            if (!string.Equals(expected.TrimEnd('/'), source, StringComparison.Ordinal))
            {
                throw new VerificationException(VerificationErrorCode.IdentityMismatch, $"source used to generate the package does not match provenance: '{source ?? "(none)"}', expected '{expected}'");
            }
        }

        var builder = NpmBuilder.Of(provenanceStatement);
        if (policy.BuilderId is { } expectedBuilder)
        {
            NpmBuilder.Check(expectedBuilder, builder, provenanceStatement.PredicateType, cert);
        }

        return new NpmVerification(name, version, provenanceStatement.PredicateType, source, builder, provenance, publish);
    }

    private VerificationResult VerifyPublish(NpmAttestation publish, Artifact tarball)
    {
        var hint = publish.Bundle.VerificationMaterial.PublicKey?.Hint
            ?? throw new VerificationException(VerificationErrorCode.KeyMismatch, "the publish attestation does not name the registry key that signed it");
        var key = keys.Find(hint, NpmRegistryKey.AttestationsUsage)
            ?? throw new VerificationException(VerificationErrorCode.KeyMismatch, $"the publish attestation's key '{hint}' is not an npm registry key for {NpmRegistryKey.AttestationsUsage}");
        var result = verifier.Verify(publish.Bundle, tarball, VerificationPolicy.ForPublicKey(key.Key));

        // npm audit signatures: the key must have been valid when the log recorded the attestation.
        if (!result.Timestamps.Any(t => key.IsValidAt(t.Time)))
        {
            throw new VerificationException(VerificationErrorCode.KeyMismatch, $"the npm registry key '{hint}' was not valid when the publish attestation was logged");
        }

        return result;
    }

    private static InTotoStatement Statement(VerificationResult result, string what)
    {
        var payload = result.Statement?.Payload
            ?? throw new VerificationException(VerificationErrorCode.UnsupportedPayload, $"the {what} is not an in-toto attestation");
        return InTotoStatement.Parse(payload);
    }

    /// <summary>The one subject <c>pkg:npm/NAME@VERSION</c> (purl spec: the scope's <c>@</c> percent-encoded).</summary>
    private static (string Name, string Version) Subject(InTotoStatement statement, string what)
    {
        if (statement.Subject.Count != 1)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"the {what} has {statement.Subject.Count} subjects, exactly one is required");
        }

        var purl = statement.Subject[0].Name;
        if (!purl.StartsWith(PurlPrefix, StringComparison.Ordinal))
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"the {what}'s subject '{purl}' is not an npm package URL (pkg:npm/…)");
        }

        var decoded = Uri.UnescapeDataString(purl[PurlPrefix.Length..]);
        var at = decoded.LastIndexOf('@');
        if (at <= 0 || at == decoded.Length - 1 || decoded.IndexOf('@', 1) != at)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"the {what}'s subject '{purl}' is not NAME@VERSION");
        }

        return (decoded[..at], decoded[(at + 1)..]);
    }

    private static (string Name, string Version) PublishPredicate(InTotoStatement statement)
    {
        if (statement.Predicate is not { ValueKind: JsonValueKind.Object } p
            || !p.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
            || !p.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.String)
        {
            throw new VerificationException(VerificationErrorCode.UnsupportedPayload, "the publish attestation's predicate has no name and version");
        }

        return (n.GetString()!, v.GetString()!);
    }
}
