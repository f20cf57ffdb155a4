using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Packages.PyPI;

/// <summary>One attestation bundle of a provenance object: the Trusted Publisher and the attestations it made.</summary>
public sealed record PypiAttestationBundle(TrustedPublisher Publisher, IReadOnlyList<Pep740Attestation> Attestations);

/// <summary>
/// A PEP 740 provenance object, as PyPI's Integrity API serves it:
/// <c>{"version": 1, "attestation_bundles": [{"publisher": {"kind": "GitHub"|"GitLab"|"Google", …}, "attestations": [...]}]}</c>.
/// </summary>
public sealed record PypiProvenance(IReadOnlyList<PypiAttestationBundle> AttestationBundles)
{
    /// <summary>Parses a provenance object.</summary>
    /// <exception cref="SignetFormatException">The object is malformed or names an unknown publisher kind.</exception>
    public static PypiProvenance Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > Pep740Attestation.MaxBytes)
        {
            throw new SignetFormatException($"provenance: larger than {Pep740Attestation.MaxBytes} bytes");
        }

        try
        {
            using var doc = StrictJson.Parse(utf8Json.ToArray(), "provenance", new JsonLimits(Pep740Attestation.MaxBytes, 64, 1024));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var v) || !v.TryGetInt32(out var version) || version != 1
                || !root.TryGetProperty("attestation_bundles", out var bundles) || bundles.ValueKind != JsonValueKind.Array || bundles.GetArrayLength() == 0)
            {
                throw new SignetFormatException("provenance: not a PEP 740 provenance object of version 1 with attestation_bundles");
            }

            var list = new List<PypiAttestationBundle>();
            foreach (var b in bundles.EnumerateArray())
            {
                var path = $"provenance.attestation_bundles[{list.Count}]";
                var publisher = Publisher(DocumentJson.Object(b, "publisher", path), $"{path}.publisher");
                if (!b.TryGetProperty("attestations", out var atts) || atts.ValueKind != JsonValueKind.Array || atts.GetArrayLength() == 0)
                {
                    throw new SignetFormatException($"{path}.attestations: at least one attestation is required");
                }

                list.Add(new PypiAttestationBundle(publisher, atts.EnumerateArray().Select((a, i) => Pep740Attestation.Read(a, $"{path}.attestations[{i}]")).ToList()));
            }

            return new PypiProvenance(list);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"provenance: not JSON ({e.Message})", e);
        }
    }

    private static TrustedPublisher Publisher(JsonElement p, string path) => DocumentJson.String(p, "kind", path) switch
    {
        "GitHub" => new GitHubPublisher(DocumentJson.String(p, "repository", path), DocumentJson.String(p, "workflow", path), DocumentJson.OptionalString(p, "environment", path)),
        "GitLab" => new GitLabPublisher(DocumentJson.String(p, "repository", path), DocumentJson.String(p, "workflow_filepath", path), DocumentJson.OptionalString(p, "environment", path)),
        "Google" => new GooglePublisher(DocumentJson.String(p, "email", path)),
        var other => throw new SignetFormatException($"{path}.kind: unknown Trusted Publisher kind '{other}'"),
    };
}
