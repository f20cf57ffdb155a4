using System.CommandLine;
using Signet.Analysis;
using Signet.Analysis.Batch;
using Signet.Analysis.Dynamic;
using Signet.Analysis.Provenance;
using Signet.Analysis.Registry;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet analyze TARGET [--dynamic] [--json] [--fail-on low|medium|high]</c> and
/// <c>signet analyze --list FILE --out DIR</c>: static (and optionally sandboxed dynamic) analysis of a package before it is
/// installed, with its Sigstore provenance where the ecosystem carries it. Exit 0: no finding reaches --fail-on; 1: one does;
/// 3: invalid input; 4: the sandbox or the registry is unavailable.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var target = new Argument<string?>("target") { Description = "A package file (.tgz npm, .whl/.tar.gz PyPI, .nupkg, .gem), npm:NAME@VERSION or nuget:ID@VERSION", Arity = ArgumentArity.ZeroOrOne };
        var dynamic = new Option<bool>("--dynamic") { Description = "Also install and load the package in a bubblewrap sandbox and report what it did (npm and PyPI)" };
        var json = new Option<bool>("--json") { Description = "Machine-readable JSON output" };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 when a finding reaches this severity: low, medium or high", DefaultValueFactory = _ => "high" };
        failOn.AcceptOnlyFromAmong("low", "medium", "high");
        var list = new Option<string?>("--list") { Description = "A file naming one target per line: analyse them all in parallel" };
        var outDir = new Option<string?>("--out") { Description = "With --list: the directory for one JSON report per package and summary.tsv/summary.md" };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "Trusted root for verifying provenance (default: the Sigstore public-good root embedded in signet)" };
        var registryProvenance = new Option<bool>("--registry-provenance") { Description = "For package files too, fetch npm attestations and PyPI provenance (PEP 740) from the registries (always done for npm:NAME@VERSION)" };
        var command = new Command("analyze", "Analyse a package before installing it: install hooks, obfuscation, network and credential access, binaries, typo-squats, provenance; --dynamic runs it in a sandbox")
        {
            target, dynamic, json, failOn, list, outDir, trustedRoot, registryProvenance,
        };
        command.SetRunner(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var asJson = parse.GetValue(json);
            var one = parse.GetValue(target);
            var listFile = parse.GetValue(list);
            if ((one is null) == (listFile is null) || listFile is not null && parse.GetValue(outDir) is null)
            {
                throw new UsageException("give a TARGET, or --list FILE with --out DIR");
            }

            var threshold = SeverityNames.Parse(parse.GetValue(failOn)!);
            var downloads = Directory.CreateTempSubdirectory("signet-analyze-");
            try
            {
                using var http = Client.Services.ServiceHttpClient.Create(TimeSpan.FromMinutes(2));
                var registry = new PackageRegistry(http, downloads.FullName);
                var trust = Trust(parse.GetValue(trustedRoot));
                var embedded = new NuGetEmbeddedProvenance(trust);

                // npm attestations and PyPI provenance live on the registries: asked for registry targets, and for files with --registry-provenance.
                var online = new ProvenanceSources(embedded, new NpmRegistryProvenance(http, PackageRegistry.NpmRegistry, trust), new PypiIntegrityProvenance(http, PypiIntegrityProvenance.PyPI, trust));
                var wantDynamic = parse.GetValue(dynamic);
                var sandbox = wantDynamic ? new BubblewrapSandbox() : null;
                var hosts = wantDynamic ? RegistryHosts() : [];
                var offlineAnalyzer = new PackageAnalyzer(parse.GetValue(registryProvenance) ? online : embedded, sandbox, hosts);
                var onlineAnalyzer = new PackageAnalyzer(online, sandbox, hosts);
                async Task<AnalysisReport> AnalyzeAsync(string t, CancellationToken token)
                {
                    var resolved = await AnalysisTarget.ResolveAsync(t, registry, online.Supports, token).ConfigureAwait(false);
                    var analyzer = PackageSpec.IsSpec(t) ? onlineAnalyzer : offlineAnalyzer;
                    return await analyzer.AnalyzeAsync(resolved.Package, resolved.Path, resolved.Previous, wantDynamic, token).ConfigureAwait(false);
                }

                if (listFile is not null)
                {
                    var targets = BatchAnalysis.ReadList(System.Text.Encoding.UTF8.GetString(CliFiles.Read(listFile, "list", 1 << 20)));
                    var rows = await BatchAnalysis.RunAsync(targets, parse.GetValue(outDir)!, wantDynamic ? 1 : Environment.ProcessorCount, AnalyzeAsync, ct).ConfigureAwait(false);
                    await output.WriteAsync(BatchAnalysis.Markdown(rows)).ConfigureAwait(false);
                    return rows.Any(r => r.Report?.Reaches(threshold) == true) ? ExitCodes.VerificationFailed
                        : rows.Any(r => r.Error is not null) ? ExitCodes.InvalidInput : ExitCodes.Success;
                }

                var report = await AnalyzeAsync(one!, ct).ConfigureAwait(false);
                await output.WriteLineAsync(asJson ? ReportJson.Write(report) : ReportText.Write(report)).ConfigureAwait(false);
                return report.Reaches(threshold) ? ExitCodes.VerificationFailed : ExitCodes.Success;
            }
            finally
            {
                downloads.Delete(recursive: true);
            }
        });
        return command;
    }

    private static TrustedMaterial Trust(string? path) => TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(path is null
        ? TrustedRootSource.ProductionBytes()
        : CliFiles.Read(path, "trusted root", TrustedRoot.MaxSize)));

    /// <summary>The configured registries' hosts: names a package manager may resolve without it being a finding.</summary>
    private static string[] RegistryHosts()
    {
        var hosts = new List<string>();
        foreach (var source in new Func<Uri>[] { PackageRegistry.NpmRegistry, () => new Uri(PackageRegistry.NuGetSource()) })
        {
            try
            {
                hosts.Add(source().Host);
            }
            catch (SignetFormatException)
            {
                // That ecosystem is not configured here: nothing of it is allowed.
            }
        }

        return [.. hosts];
    }
}
