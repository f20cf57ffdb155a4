using System.CommandLine;
using Signet.Cli.Commands.Signing;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Files;
using Signet.Packages.NuGet;

namespace Signet.Cli.Commands.Ecosystems;

/// <summary>
/// <c>signet nuget verify (PKG.nupkg | ID@VERSION)… (identity flags | --key K) [--require-all] [--trusted-root T] [--json]</c>
/// and <c>signet nuget sign PKG.nupkg [--output OUT] (signing options)</c>: the Sigstore bundles a NuGet package carries
/// beside its files. Verify: exit 0 every package verified, 1 one refused, 3 invalid input.
/// </summary>
internal static class NuGetCommands
{
    public static Command Create(TimeProvider time) =>
        CommandCatalog.Group("nuget", "NuGet packages that carry Sigstore bundles beside their files (lib/TFM/X.dll.sigstore.json)", Verify(), Sign(time));

    private static Command Verify()
    {
        var packages = new Argument<string[]>("package") { Description = "A .nupkg file, or ID@VERSION from the global packages folder or the nuget.config feeds", Arity = ArgumentArity.OneOrMore };
        var requireAll = new Option<bool>("--require-all") { Description = "Every DLL of the package must carry a verified bundle" };
        var o = new VerifyOptions();
        var command = new Command("verify", "Verify every *.sigstore.json of a NuGet package against the file it names, with the trust material parsed once") { packages, requireAll };
        o.AddPolicyTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var policy = o.Policy(p);
            var verifier = new NuGetPackageVerifier(new Verifier(TrustedRootSource.Load(p.GetValue(o.TrustedRoot), p.InvocationConfiguration.Error)));
            using var http = Client.Services.ServiceHttpClient.Create(TimeSpan.FromMinutes(2));
            var locator = new NuGetPackageLocator(http);
            var reports = new List<NuGetVerification>();
            foreach (var target in p.GetRequiredValue(packages))
            {
                var (name, bytes) = await ReadAsync(target, locator, ct).ConfigureAwait(false);
                var package = NuGetPackage.Read(name, bytes);

                // A big package (16 MiB and more) shows its bundles verified of all it carries, on a terminal.
                var work = new ProgressWork("verifying " + name, NuGetPackageVerifier.BundleCount(package), ProgressUnit.Entries, Size: bytes.Length);
                reports.Add(TerminalProgress.Run(p, ProgressTerminal.Of(p), work, progress => verifier.Verify(package, policy, p.GetValue(requireAll), progress)));
            }

            var output = p.InvocationConfiguration.Output;
            await output.WriteLineAsync(p.GetValue(o.Json) ? NuGetReport.Json(reports) : NuGetReport.Text(reports)).ConfigureAwait(false);
            foreach (var r in reports)
            {
                r.ThrowIfNotVerified();
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Sign(TimeProvider time)
    {
        var package = new Argument<string>("package") { Description = "The .nupkg to sign (not NuGet-signed yet)" };
        var output = new Option<string?>("--output") { Description = "Where to write the signed package (default: replace PACKAGE)" };
        var options = new SigningOptions();
        var command = new Command("sign", "Add a Sigstore bundle beside every DLL of a NuGet package (keyless or --key), each verified before it is added") { package, output };
        options.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var path = p.GetRequiredValue(package);
            var bytes = CliFiles.Read(path, "package", Packages.Archives.ArchiveLimits.Default.MaxPackageBytes);
            var (config, trustedRoot) = await options.LoadTrustAsync(p, ct).ConfigureAwait(false);
            using var http = SigningOptions.Http();
            using var session = await SigningOptions.Workflow(http, time).StartAsync(options.Read(p, config, trustedRoot), ct).ConfigureAwait(false);
            var (signed, files) = await NuGetPackageSigner.SignAsync(
                Path.GetFileName(path), bytes, async (dll, token) => (await session.SignAsync(SigningPayload.ForArtifact(dll), token).ConfigureAwait(false)).Bundle, ct).ConfigureAwait(false);
            var target = p.GetValue(output) ?? path;
            DurableFile.Replace(target, signed);
            await p.InvocationConfiguration.Output.WriteLineAsync($"signet: signed {files.Count} DLL(s) of {Path.GetFileName(path)}: {string.Join(", ", files)}; wrote {target}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<(string Name, byte[] Bytes)> ReadAsync(string target, NuGetPackageLocator locator, CancellationToken ct)
    {
        if (File.Exists(target) || target.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            return (Path.GetFileName(target), CliFiles.Read(target, "package", Packages.Archives.ArchiveLimits.Default.MaxPackageBytes));
        }

        var at = target.LastIndexOf('@');
        if (at <= 0 || at == target.Length - 1)
        {
            throw new SignetFormatException($"'{target}': expected a .nupkg file or ID@VERSION");
        }

        var (bytes, origin) = await locator.GetAsync(target[..at], target[(at + 1)..], null, ct).ConfigureAwait(false);
        return (Path.GetFileName(origin), bytes);
    }
}
