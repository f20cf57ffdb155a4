using System.CommandLine;
using System.Globalization;
using System.Text;
using Signet.Core.Json;
using Signet.Core.Verification;
using Signet.Packages.PyPI;

namespace Signet.Cli.Commands.Ecosystems;

/// <summary>
/// <c>signet pypi verify DIST (--attestation F… | --provenance F) (--repository github.com/ORG/REPO | identity flags)
/// [--trusted-root T] [--json]</c>: PEP 740 attestations and PyPI provenance objects for a distribution, whose filename and
/// SHA-256 the statements must name. Exit 0 verified, 1 refused, 3 invalid input.
/// </summary>
internal static class PypiCommand
{
    public static Command Create()
    {
        var dist = new Argument<string>("distribution") { Description = "The distribution file (.whl, .tar.gz); its filename is part of what is attested" };
        var attestation = new Option<string[]>("--attestation") { Description = "A PEP 740 attestation object (repeatable)", AllowMultipleArgumentsPerToken = false };
        var provenance = new Option<string?>("--provenance") { Description = "A PyPI provenance object (attestation bundles with their Trusted Publisher)" };
        var repository = new Option<string?>("--repository") { Description = "The source repository that must have published it: github.com/ORG/REPO or gitlab.com/GROUP/PROJECT" };
        var o = new VerifyOptions();
        var verify = new Command("verify", "Verify PEP 740 attestations or a PyPI provenance object for a distribution") { dist, attestation, provenance, repository };
        o.AddPolicyTo(verify, withKey: false);
        verify.SetRunner(p =>
        {
            var attestations = p.GetValue(attestation) ?? [];
            var provenancePath = p.GetValue(provenance);
            if ((attestations.Length == 0) == (provenancePath is null))
            {
                throw new UsageException("give --attestation (one or more) or --provenance");
            }

            var repo = p.GetValue(repository);
            if (repo is null && !o.IdentityGiven(p))
            {
                throw new UsageException("give --repository github.com/ORG/REPO, or --certificate-identity and --certificate-oidc-issuer");
            }

            var identity = o.IdentityGiven(p) ? o.Policy(p) : VerificationPolicy.WithoutIdentityUnsafe();
            var path = p.GetRequiredValue(dist);
            var fileName = Path.GetFileName(path);
            var artifact = VerifyOptions.LoadArtifact(path);
            var verifier = new Pep740Verifier(new Verifier(TrustedRootSource.Load(p.GetValue(o.TrustedRoot), p.InvocationConfiguration.Error)));
            IReadOnlyList<Pep740Verification> results = provenancePath is not null
                ? verifier.VerifyProvenance(PypiProvenance.Parse(CliFiles.Read(provenancePath, "provenance", Pep740Attestation.MaxBytes)), fileName, artifact, repo, o.IdentityGiven(p) ? identity : null)
                : attestations.Select(a => verifier.Verify(
                    Pep740Attestation.Parse(CliFiles.Read(a, "attestation", Pep740Attestation.MaxBytes)), fileName, artifact, identity,
                    repo is null ? null : SourceRepositoryRule.Parse(repo))).ToList();
            p.InvocationConfiguration.Output.WriteLine(p.GetValue(o.Json) ? Json(fileName, results) : Text(fileName, results));
            return ExitCodes.Success;
        });
        return CommandCatalog.Group("pypi", "PyPI distributions and their PEP 740 attestations", verify);
    }

    private static string Text(string fileName, IReadOnlyList<Pep740Verification> results)
    {
        var sb = new StringBuilder($"OK: {fileName}");
        foreach (var r in results)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n  {r.PredicateType}: signed by {r.Certificate.SubjectAlternativeName} (issuer {r.Certificate.Issuer}), source {r.Certificate.SourceRepositoryUri ?? "(none)"}");
        }

        return sb.ToString();
    }

    private static string Json(string fileName, IReadOnlyList<Pep740Verification> results) => ResultJson.Write(w =>
    {
        w.WriteBoolean("verified", true);
        w.WriteString("distribution", fileName);
        w.WriteObjectArray("attestations", results, r =>
        {
            w.WriteString("predicateType", r.PredicateType);
            w.WriteString("identity", r.Certificate.SubjectAlternativeName);
            w.WriteString("issuer", r.Certificate.Issuer);
            w.WriteString("sourceRepository", r.Certificate.SourceRepositoryUri);
        });
    });
}
