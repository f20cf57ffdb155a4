using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Packages.Archives;
using Signet.Packages.Npm;

namespace Signet.Cli.Commands.Ecosystems;

/// <summary>
/// <c>signet npm verify PACKAGE.tgz --attestations DOC.json [--registry-keys KEYS.json] [--source-uri github.com/ORG/REPO
/// --builder-id ID] [--package-name N] [--package-version V] [identity flags] [--trusted-root T] [--json]</c>: the npm
/// registry's attestations for a tarball — what <c>npm audit signatures</c> and slsa-verifier check. The package name and
/// version default to the tarball's <c>package.json</c>. Exit 0 verified, 1 refused, 3 invalid input.
/// </summary>
internal static class NpmCommand
{
    public static Command Create()
    {
        var tarball = new Argument<string>("package") { Description = "The package tarball (.tgz) as the registry serves it" };
        var attestations = new Option<string>("--attestations") { Description = "The registry's attestations document (GET /-/npm/v1/attestations/NAME@VERSION)", Required = true };
        var keys = new Option<string?>("--registry-keys") { Description = "The npm registry's keys (Sigstore TUF target registry.npmjs.org/keys.json, or GET /-/npm/v1/keys); default: the configured registry's /-/npm/v1/keys" };
        var source = new Option<string?>("--source-uri") { Description = "The source repository the provenance must name: github.com/ORG/REPO (needs --builder-id)" };
        var builder = new Option<string?>("--builder-id") { Description = "The builder the provenance must name (slsa-verifier's --builder-id)" };
        var name = new Option<string?>("--package-name") { Description = "The package name (default: the tarball's package.json)" };
        var version = new Option<string?>("--package-version") { Description = "The package version (default: the tarball's package.json)" };
        var o = new VerifyOptions();
        var verify = new Command("verify", "Verify an npm tarball's SLSA provenance (keyless) and publish attestation (registry key)") { tarball, attestations, keys, source, builder, name, version };
        o.AddPolicyTo(verify, withKey: false);
        verify.SetRunner(async (p, ct) =>
        {
            if (p.GetValue(source) is not null && p.GetValue(builder) is null)
            {
                throw new UsageException("--source-uri needs --builder-id (the builder the provenance must name), as slsa-verifier asks");
            }

            var path = p.GetRequiredValue(tarball);
            var bytes = CliFiles.Read(path, "package", ArchiveLimits.Default.MaxPackageBytes);
            var manifest = Manifest(path, bytes);
            var document = NpmAttestations.Parse(CliFiles.Read(p.GetRequiredValue(attestations), "attestations", NpmAttestations.MaxBytes));
            var registryKeys = NpmRegistryKeys.Parse(p.GetValue(keys) is { } keysPath
                ? CliFiles.Read(keysPath, "registry keys", NpmRegistryKeys.MaxBytes)
                : await FetchKeysAsync(ct).ConfigureAwait(false));
            var policy = new NpmPolicy
            {
                PackageName = p.GetValue(name) ?? manifest.Name,
                PackageVersion = p.GetValue(version) ?? manifest.Version,
                SourceUri = p.GetValue(source),
                BuilderId = p.GetValue(builder),
                ProvenanceIdentity = o.IdentityGiven(p) ? o.Policy(p) : null,
            };
            var verifier = new NpmProvenanceVerifier(new Verifier(TrustedRootSource.Load(p.GetValue(o.TrustedRoot), p.InvocationConfiguration.Error)), registryKeys);
            var result = verifier.Verify(document, Artifact.FromDigest(HashAlgorithmName.SHA512, SHA512.HashData(bytes)), policy);
            await p.InvocationConfiguration.Output.WriteLineAsync(p.GetValue(o.Json) ? Json(result) : Text(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return CommandCatalog.Group("npm", "npm packages and the registry's provenance and publish attestations", verify);
    }

    private static async Task<byte[]> FetchKeysAsync(CancellationToken ct)
    {
        using var http = Client.Services.ServiceHttpClient.Create(Client.Services.ServiceHttpClient.ReadTimeout);
        return await NpmRegistryKeys.FetchAsync(http, Analysis.Registry.PackageRegistry.NpmRegistry(), ct).ConfigureAwait(false);
    }

    private static NpmManifest Manifest(string path, byte[] bytes)
    {
        var files = new ArchiveEntries(ArchiveLimits.Default, Path.GetFileName(path)).ReadTarGz(bytes);
        var manifest = files.Where(f => f.Path.Count(c => c == '/') == 1 && f.Path.EndsWith("/package.json", StringComparison.Ordinal)).MinBy(f => f.Path.Length)
            ?? throw new SignetFormatException($"{path}: not an npm package (no ROOT/package.json)");
        return NpmManifest.Parse(manifest.Content, manifest.Path);
    }

    private static string Text(NpmVerification r)
    {
        var sb = new StringBuilder($"Verified OK: {r.Name}@{r.Version}");
        sb.Append(CultureInfo.InvariantCulture, $"\n  provenance: {r.ProvenancePredicateType}, signed by {r.Provenance.Certificate?.SubjectAlternativeName} (issuer {r.Provenance.Certificate?.Issuer})");
        sb.Append(CultureInfo.InvariantCulture, $"\n  source:     {r.SourceRepository ?? "(none)"}");
        sb.Append(CultureInfo.InvariantCulture, $"\n  builder:    {r.BuilderId ?? "(none)"}");
        sb.Append(CultureInfo.InvariantCulture, $"\n  publish:    signed by the registry key {r.Publish.PublicKeyHint}");
        return sb.ToString();
    }

    private static string Json(NpmVerification r) => ResultJson.Write(w =>
    {
        w.WriteBoolean("verified", true);
        w.WriteString("name", r.Name);
        w.WriteString("version", r.Version);
        w.WriteString("provenancePredicateType", r.ProvenancePredicateType);
        w.WriteString("identity", r.Provenance.Certificate?.SubjectAlternativeName);
        w.WriteString("issuer", r.Provenance.Certificate?.Issuer);
        w.WriteString("sourceRepository", r.SourceRepository);
        w.WriteString("builderId", r.BuilderId);
        w.WriteString("publishKey", r.Publish.PublicKeyHint);
    });
}
