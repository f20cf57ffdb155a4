using System.Text;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Ct;
using Signet.Core.Dsse;
using Signet.Core.Encoding;
using Signet.Core.InToto;
using Signet.Core.Notes;
using Signet.Core.Rekor;
using Signet.Core.Tiles;
using Signet.Core.Timestamps;
using Signet.Core.Verification;
using Signet.Oci;
using Signet.Oci.Signatures;
using Signet.Tsa;
using Signet.Tuf.Metadata;

namespace Signet.Fuzz;

/// <summary>
/// Every parser of outside input, one harness each (issue 14 item 9). A harness feeds the bytes to the parser(s) of
/// one format, each call on its own, and lets through only what <see cref="Documented.IsDocumented"/> accepts;
/// any other exception escapes and is a finding.
/// </summary>
public static class FuzzTargets
{
    // The verifier key of golang.org/x/mod's note tests (seeds/signed-note/sumdb-*.txt are signed with it): the note
    // harness opens notes with a real verifier. Parsed on first use, not in the type initializer: SharpFuzz's
    // instrumented code must not run before the fuzzer's shared memory is set up.
    private const string SumDbKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    private static readonly Lazy<INoteVerifier[]> NoteVerifiers = new(() => [NoteVerifierKey.Parse(SumDbKey)]);

    /// <summary>The harnesses by name; the seeds of each are in <c>fuzz/seeds/NAME/</c>.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["bundle"] = data => Each(data, d => Bundle.Parse(d)),
        ["trusted-root"] = data => Each(data, d => TrustedMaterial.Parse(d), d => ClientTrustConfig.Parse(d)),
        ["signing-config"] = data => Each(data, d => SigningConfig.Parse(d)),
        ["tuf-metadata"] = data => Each(data,
            d => RootMetadata.Parse(d), d => TargetsMetadata.Parse(d), d => SnapshotMetadata.Parse(d), d => TimestampMetadata.Parse(d)),
        ["signed-note"] = data => Each(data,
            d => SignedNote.Parse(d), d => NoteOpener.Open(d, NoteVerifiers.Value), d => Checkpoint.Parse(Utf8(d)),
            d => AddCheckpointRequest.Parse(d), d => NoteVerifierKey.Parse(Utf8(d))),
        ["certificate"] = data => Each(data,
            d => X509Parts.Parse(d), d => CertificateDecoder.Load(d, "certificate"), d => SubjectAlternativeName.ReadExtension(d),
            d => SignedCertificateTimestamp.DeserializeList(d), d => PemCertificates(Utf8(d)), d => Signet.Log.Ct.CertificateDer.Parse(d, "certificate"),
            SigningCertificateOf, d => CertificateProfileExtensions.ReadBasicConstraints(d), d => CertificateProfileExtensions.ReadKeyUsage(d),
            d => CertificateProfileExtensions.ReadExtendedKeyUsage(d), NameConstraintsOf, d => ConstrainedName.Read(d)),
        ["tsa-request"] = data => Each(data, d => TimestampQuery.Decode(d), d => TimestampQuery.FromJson(d)),
        ["tsa-response"] = data => Each(data, d => TimestampResponse.ReadTokenInfo(d)),
        ["timestamp"] = TimestampTarget.Run,
        ["jwt"] = data => Each(data, d => Signet.Client.Identity.IdentityToken.Parse(Utf8(d)), d => Signet.Ca.Identity.TokenClaims.Parse(d)),
        ["rekor-entry"] = data => Each(data,
            d => LogEntryBody.Parse(d, new KindVersion("hashedrekord", "0.0.1"), "body"),
            d => LogEntryBody.Parse(d, new KindVersion("dsse", "0.0.1"), "body"),
            d => LogEntryBody.Parse(d, new KindVersion("intoto", "0.0.2"), "body"),
            d => Signet.Log.Rekor.Entries.EntryRequests.FromProposedEntry(d),
            d => Signet.Log.Rekor.Entries.EntryRequests.FromCreateEntryRequest(d),
            d => DsseEnvelope.Parse(d), d => InTotoStatement.Parse(d)),
        ["oci-manifest"] = data => Each(data, d => OciJson.ParseManifest(d), d => OciJson.ParseIndex(d), d => SimpleSigningPayload.Parse(d),
            d => RegistryAuthenticator.ParseToken(d, "token service")),
        ["tile"] = data => Each(data, HashTileOf, d => EntryBundle.Decode(d), d => TilePath.TryParseHashTile(Utf8(d), out _)),
        ["ct-monitor"] = CtMonitorTarget.Run,
        ["witness"] = WitnessTarget.Run,
        ["admission-review"] = data => Each(data, d => Signet.Admission.Reviews.AdmissionRequest.Parse(d)),
        ["cluster-image-policy"] = data => Each(data,
            d => Signet.Policy.Policies.ClusterImagePolicy.ParseAll(Utf8(d)), d => Signet.Policy.Rules.AttestationRules.Parse(Utf8(d))),
        ["package-attestation"] = data => Each(data,
            d => Signet.Packages.Npm.NpmAttestations.Parse(d), d => Signet.Packages.Npm.NpmRegistryKeys.Parse(d),
            d => Signet.Packages.PyPI.PypiProvenance.Parse(d), d => Signet.Packages.PyPI.Pep740Attestation.Parse(d)),
        ["package-manifest"] = data => Each(data,
            d => Signet.Packages.Npm.NpmManifest.Parse(d, "package.json"), d => Signet.Packages.NuGet.NuGetManifest.Parse(d, "package.nuspec"),
            d => Signet.Packages.NuGet.ProjectAssets.Read(d, "project.assets.json"),
            d => Signet.Analysis.Packages.PythonMetadata.Parse(Utf8(d)), d => Signet.Analysis.Packages.GemSpecification.Parse(Utf8(d))),
        ["package-archive"] = data => Each(data,
            d => Signet.Analysis.Static.StaticAnalyzer.Analyze(Signet.Analysis.Packages.PackageReader.Read("package", d))),
        ["private-key"] = data => Each(data,
            d => Signet.Core.Keys.EcPrivateKeyPem.Import(Utf8(d), "key").Dispose(), d => Signet.Core.Keys.SigningKey.FromPem(Utf8(d), "key").Dispose()),
        ["pkcs11-uri"] = Pkcs11UriTarget.Run,
        ["pep440-version"] = Pep440Target.Run,
        ["pypi-index"] = PypiIndexTarget.Run,
        ["service-answer"] = ServiceAnswerTarget.Run,
        ["local-json"] = LocalJsonTarget.Run,
        ["config"] = data => Each(data,
            d => Signet.Client.Monitoring.MonitorConfig.Parse(Utf8(d)), d => Signet.Witness.WitnessLogList.Parse(Utf8(d)),
            d => Signet.Witness.WitnessedLog.Parse(Utf8(d)), d => Signet.Packages.NuGet.PackagePolicy.Parse(Utf8(d), "/policy/signet-packages.yml"),
            d => Signet.Analysis.Registry.PackageSpec.Parse(Utf8(d)), d => Signet.Packages.PyPI.SourceRepositoryRule.Parse(Utf8(d))),
    };

    private static void HashTileOf(byte[] data)
    {
        // The first byte picks the tile level; the rest is the tile (a partial one when shorter than 256 hashes).
        // Every node the tile holds is read: its bottom row (level 8L) and the rows computed above it.
        if (data.Length == 0)
        {
            return;
        }

        var rest = data[1..];
        var tile = new HashTile(new TileId(data[0] % 8, 0, Math.Max(1, rest.Length / 32)), rest);
        var level = tile.Id.Level * 8;
        for (var row = 0; row < 8 && (tile.Id.Width >> row) > 0; row++)
        {
            for (var i = 0; i < tile.Id.Width >> row; i++)
            {
                _ = tile.GetNode(new Signet.Core.Merkle.NodeId(level + row, (ulong)i));
            }
        }
    }

    /// <summary>What the verifier reads of a signing certificate: the strict decode, its claims, its SCTs and its key.</summary>
    private static void SigningCertificateOf(byte[] der)
    {
        var c = SigningCertificate.Decode(der, "certificate");
        _ = FulcioCertificate.From(c);
        if (c.Find(X509Oids.SctList) is { } scts)
        {
            _ = SignedCertificateTimestamp.ReadList(scts.Value.Span);
        }

        _ = c.ImportKey();
    }

    /// <summary>A CA's name constraints as the verifier reads them, then every form of name checked against them.</summary>
    private static void NameConstraintsOf(byte[] der)
    {
        var constraints = NameConstraints.Read(der);
        foreach (var name in new ConstrainedName[]
        {
            new(ConstrainedNameForm.Dns, "*.build.example.com"), new(ConstrainedNameForm.Email, "alice@example.com"),
            new(ConstrainedNameForm.Uri, "https://github.com/o/r"), new(ConstrainedNameForm.IpAddress, "10.1.2.3", [10, 1, 2, 3]),
        })
        {
            _ = constraints.Refusal(name);
        }
    }

    private static void PemCertificates(string text)
    {
        foreach (var block in Pem.DecodeAll(text))
        {
            _ = X509Parts.Parse(block.Der);
        }
    }

    private static string Utf8(byte[] data) => Encoding.UTF8.GetString(data);

    /// <summary>Runs every parser on <paramref name="data"/>: a documented refusal ends that one parser's run only.</summary>
    internal static void Each(byte[] data, params Action<byte[]>[] parsers)
    {
        foreach (var parse in parsers)
        {
            try
            {
                parse(data);
            }
            catch (Exception e) when (Documented.IsDocumented(e))
            {
            }
        }
    }
}
