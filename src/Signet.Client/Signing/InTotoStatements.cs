using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.InToto;

namespace Signet.Client.Signing;

/// <summary>
/// Builds and checks in-toto Statement v1 documents (in-toto attestation spec, statement.md) for attestations:
/// subjects with SHA-256 digests, a predicate type, and a predicate.
/// </summary>
public static class InTotoStatements
{
    /// <summary>Upper bound on a statement or predicate file.</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    /// <summary>cosign's <c>--type</c> short names (cosign doc/cosign_attest.md) for the predicate types Signet accepts; any absolute URI is taken as is.</summary>
    public static string PredicateTypeOf(string type) => type switch
    {
        "slsaprovenance1" => SlsaPredicateTypes.V1,
        "slsaprovenance" or "slsaprovenance02" => SlsaPredicateTypes.V02,
        "spdxjson" or "spdx" => "https://spdx.dev/Document",
        "cyclonedx" => "https://cyclonedx.org/bom",
        "openvex" => "https://openvex.dev/ns",
        "vuln" => "https://cosign.sigstore.dev/attestation/vuln/v1",
        "link" => "https://in-toto.io/Link/v1",
        "custom" => "https://cosign.sigstore.dev/attestation/v1",
        _ when Uri.TryCreate(type, UriKind.Absolute, out _) => type,
        _ => throw new SignetFormatException($"predicate type '{type}' is neither a known short name (slsaprovenance1, spdxjson, cyclonedx, openvex, …) nor a URI"),
    };

    /// <summary>A statement with one subject per (name, bytes) and <paramref name="predicateJson"/> as predicate.</summary>
    public static byte[] Create(IEnumerable<(string Name, byte[] Sha256)> subjects, string predicateType, ReadOnlySpan<byte> predicateJson)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var subjectList = subjects.Select(s => new InTotoSubject(s.Name, new Dictionary<string, string> { ["sha256"] = Hex.Encode(s.Sha256) })).ToList();
        return new InTotoStatement(subjectList, predicateType, InTotoStatement.ParsePredicate(predicateJson)).Serialize();
    }

    /// <summary>
    /// Checks <paramref name="statement"/> is an in-toto Statement v1 with subjects and a predicate type; when
    /// <paramref name="artifactSha256"/> is given, one subject's sha256 must be it.
    /// </summary>
    /// <exception cref="SignetFormatException">It is not, naming what is wrong.</exception>
    public static void Check(ReadOnlySpan<byte> statement, byte[]? artifactSha256)
    {
        // Core's reader: StrictJson, and each subject an object with a non-empty digest (in-toto Statement v1).
        var parsed = InTotoStatement.Parse(statement);
        if (parsed.StatementType != InTotoStatement.Type)
        {
            throw new SignetFormatException($"in-toto statement: _type is not {InTotoStatement.Type}");
        }

        if (artifactSha256 is not null && !parsed.HasSubjectDigest("sha256", artifactSha256))
        {
            throw new SignetFormatException($"in-toto statement: no subject has the artifact's sha256 {Hex.Encode(artifactSha256)}");
        }
    }
}
