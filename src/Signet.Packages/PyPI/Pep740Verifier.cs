using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Certificates;
using Signet.Core.InToto;
using Signet.Core.Verification;

namespace Signet.Packages.PyPI;

/// <summary>A rule a signing certificate must satisfy beyond the verifier's identity policy (a Trusted Publisher's).</summary>
public interface ICertificateRule
{
    /// <summary>Null when <paramref name="cert"/> satisfies the rule, otherwise why not.</summary>
    string? Mismatch(FulcioCertificate cert);
}

/// <summary>What was verified of one attestation: its predicate type, the signer's certificate, the verification result.</summary>
public sealed record Pep740Verification(string PredicateType, FulcioCertificate Certificate, VerificationResult Result);

/// <summary>
/// Verifies PEP 740 attestations for a distribution as pypi-attestations does: the attestation's bundle with Signet's one
/// <see cref="Verifier"/> (certificate, log entry, DSSE signature) under an identity policy and, for provenance, the
/// Trusted Publisher's rules; then the in-toto statement must have exactly one subject, whose name is the distribution's
/// filename (compared normalized, <see cref="DistributionName"/>) and whose sha256 is the distribution's, and a predicate
/// type PyPI knows.
/// </summary>
/// <param name="verifier">The verifier (trust material parsed once).</param>
public sealed class Pep740Verifier(Verifier verifier)
{
    /// <summary>PyPI's publish attestation.</summary>
    public const string PublishV1 = "https://docs.pypi.org/attestations/publish/v1";

    /// <summary>Verifies one attestation for the distribution <paramref name="fileName"/> with content <paramref name="distribution"/>.</summary>
    /// <param name="attestation">The attestation.</param>
    /// <param name="fileName">The distribution's filename (its name is part of what is attested).</param>
    /// <param name="distribution">The distribution's bytes (or its SHA-256).</param>
    /// <param name="identity">Who must have signed (<see cref="VerificationPolicy.WithoutIdentityUnsafe"/> when <paramref name="rule"/> says it).</param>
    /// <param name="rule">A further certificate rule (a Trusted Publisher), or null.</param>
    /// <exception cref="VerificationException">The attestation does not verify, or is about another distribution.</exception>
    /// <exception cref="SignetFormatException">The distribution filename or the statement is malformed.</exception>
    public Pep740Verification Verify(Pep740Attestation attestation, string fileName, Artifact distribution, VerificationPolicy identity, ICertificateRule? rule)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        ArgumentNullException.ThrowIfNull(distribution);
        var expectedName = DistributionName.Normalize(fileName);
        var result = verifier.Verify(attestation.ToBundle(), distribution, identity);
        var cert = result.Certificate ?? throw new VerificationException(VerificationErrorCode.KeyMismatch, "a PEP 740 attestation is signed with a certificate");
        if (rule?.Mismatch(cert) is { } why)
        {
            throw new VerificationException(VerificationErrorCode.IdentityMismatch, why);
        }

        var statement = InTotoStatement.Parse(result.Statement!.Payload);
        if (statement.Subject.Count != 1)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"the statement has {statement.Subject.Count} subjects, exactly one is required");
        }

        var subject = statement.Subject[0];
        string subjectName;
        try
        {
            subjectName = DistributionName.Normalize(subject.Name);
        }
        catch (SignetFormatException e)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"invalid subject: {e.Message}", e);
        }

        if (subjectName != expectedName)
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, $"subject does not match distribution name: {subjectName} != {expectedName}");
        }

        var digest = distribution.GetDigest(HashAlgorithmName.SHA256);
        if (digest is null || !subject.Digest.TryGetValue("sha256", out var hex) || !string.Equals(hex, Convert.ToHexStringLower(digest), StringComparison.OrdinalIgnoreCase))
        {
            throw new VerificationException(VerificationErrorCode.ArtifactMismatch, "subject does not match distribution digest");
        }

        if (statement.PredicateType is not (PublishV1 or SlsaPredicateTypes.V1))
        {
            throw new VerificationException(VerificationErrorCode.PredicateTypeMismatch, $"unknown attestation type: {statement.PredicateType}");
        }

        return new Pep740Verification(statement.PredicateType, cert, result);
    }

    /// <summary>
    /// Verifies every attestation of a provenance object with its Trusted Publisher's rules; with
    /// <paramref name="repository"/> (<c>github.com/ORG/REPO</c> or a URL) each publisher must publish from it.
    /// </summary>
    /// <exception cref="VerificationException">A publisher is from another repository, or an attestation does not verify.</exception>
    public IReadOnlyList<Pep740Verification> VerifyProvenance(PypiProvenance provenance, string fileName, Artifact distribution, string? repository, VerificationPolicy? identity)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        var expected = repository is null ? null : SourceRepositoryRule.Parse(repository);
        var results = new List<Pep740Verification>();
        foreach (var bundle in provenance.AttestationBundles)
        {
            if (expected is not null && !string.Equals(bundle.Publisher.Repository, expected.Repository, StringComparison.Ordinal))
            {
                throw new VerificationException(
                    VerificationErrorCode.IdentityMismatch,
                    $"the provenance was published by a {bundle.Publisher.Kind} Trusted Publisher of '{bundle.Publisher.Repository ?? "(no repository)"}', expected '{expected.Repository}'");
            }

            foreach (var attestation in bundle.Attestations)
            {
                results.Add(Verify(attestation, fileName, distribution, identity ?? VerificationPolicy.WithoutIdentityUnsafe(), bundle.Publisher));
            }
        }

        return results;
    }
}

/// <summary>
/// A source repository on GitHub or GitLab as the signer's identity (<c>--repository github.com/ORG/REPO</c>): the
/// certificate must come from that forge's CI issuer and name the repository as its source (Fulcio OIDs .8 and .12).
/// </summary>
public sealed record SourceRepositoryRule(string Repository) : ICertificateRule
{
    /// <summary>Parses <c>github.com/ORG/REPO</c>, <c>gitlab.com/GROUP/…/PROJECT</c>, or the same as an https URL.</summary>
    /// <exception cref="SignetFormatException">Not a GitHub or GitLab repository.</exception>
    public static SourceRepositoryRule Parse(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var r = repository.Trim();
        r = r.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? r[8..] : r;
        r = r.TrimEnd('/');
        var slash = r.IndexOf('/', StringComparison.Ordinal);
        var host = slash > 0 ? r[..slash].ToLowerInvariant() : string.Empty;
        if (host is not ("github.com" or "gitlab.com") || r.Count(c => c == '/') < 2 || r.Contains("..", StringComparison.Ordinal) || r.Any(char.IsWhiteSpace))
        {
            throw new SignetFormatException($"repository '{repository}': expected github.com/OWNER/REPO or gitlab.com/GROUP/PROJECT");
        }

        return new SourceRepositoryRule(host + r[slash..]);
    }

    /// <inheritdoc/>
    public string? Mismatch(FulcioCertificate cert)
    {
        ArgumentNullException.ThrowIfNull(cert);
        var issuer = Repository.StartsWith("github.com/", StringComparison.Ordinal) ? "https://token.actions.githubusercontent.com" : "https://gitlab.com";
        if (cert.Issuer != issuer)
        {
            return $"certificate OIDC issuer '{cert.Issuer ?? "(none)"}' is not {issuer}";
        }

        return cert.SourceRepositoryUri == "https://" + Repository ? null : $"certificate source repository '{cert.SourceRepositoryUri ?? "(none)"}' is not https://{Repository}";
    }
}
