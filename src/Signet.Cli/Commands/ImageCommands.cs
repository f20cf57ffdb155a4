using System.CommandLine;
using System.Security.Cryptography;
using Signet.Client.Identity;
using Signet.Client.Oci;
using Signet.Client.Oci.Signatures;
using Signet.Core;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet image sign|attest|verify|verify-attestation|tree</c>: container images in OCI registries, in cosign's
/// bundle layout (OCI 1.1 referrers) or its legacy <c>.sig</c>/<c>.att</c> tag layout.
/// </summary>
internal static class ImageCommands
{
    public static Command Create()
    {
        return CommandCatalog.Group("image", "Sign, attest and verify container images in OCI registries",
            [Sign(), Attest(), .. ImageVerifyCommands.Create(), ImageTreeCommand.Create()]);
    }

    private static Option<string> StorageOption() => new("--storage")
    {
        Description = "bundle: OCI 1.1 artifact referring to the image (cosign v3); legacy: cosign's sha256-HEX.sig/.att tag",
        DefaultValueFactory = _ => "bundle",
    };

    private static Command Sign()
    {
        var registry = new ImageRegistryOptions();
        var signing = new ImageSigningOptions();
        var storage = StorageOption();
        var command = new Command("sign", "Sign an image's manifest digest (keyless, or with --key) and store the signature in the registry") { storage };
        signing.AddTo(command);
        registry.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var layout = Storage(p.GetValue(storage)!);
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            using var signer = await signing.CreateAsync(p, layout, ct).ConfigureAwait(false);
            var stored = await ImageSigner.SignAsync(client, reference, target, signer.Producer, layout, TimeProvider.System, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"signed {reference.WithDigest(target.Digest)} ({Name(layout)}: {stored})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Attest()
    {
        var registry = new ImageRegistryOptions();
        var signing = new ImageSigningOptions();
        var storage = StorageOption();
        var predicate = new Option<string>("--predicate") { Description = "The predicate (JSON file)", Required = true };
        var type = PredicateTypeOption();
        var command = new Command("attest", "Attest an in-toto predicate about an image (keyless, or with --key) and store it in the registry") { storage, predicate, type };
        signing.AddTo(command);
        registry.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var layout = Storage(p.GetValue(storage)!);
            var predicateType = PredicateType(p.GetValue(type)!);
            var predicateJson = CliFiles.Read(p.GetValue(predicate)!, "predicate", InTotoStatements.MaxSize);
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            using var signer = await signing.CreateAsync(p, layout, ct).ConfigureAwait(false);
            var stored = await ImageSigner.AttestAsync(client, reference, target, predicateType, predicateJson, signer.Producer, layout, TimeProvider.System, ct)
                .ConfigureAwait(false);
            Console.Out.WriteLine($"attested {predicateType} for {reference.WithDigest(target.Digest)} ({Name(layout)}: {stored})");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Option<string> PredicateTypeOption() => new("--type")
    {
        Description = "Predicate type: a URI, or one of cosign's names (slsaprovenance1, spdxjson, cyclonedx, openvex, vuln, link, custom, …)",
        DefaultValueFactory = _ => "custom",
    };

    /// <summary>cosign's <c>--type</c> names, mapped exactly as <c>signet attest</c> maps them; a bad name is a usage error.</summary>
    internal static string PredicateType(string type)
    {
        try
        {
            return InTotoStatements.PredicateTypeOf(type);
        }
        catch (SignetFormatException e)
        {
            throw new UsageException("--type: " + e.Message, e);
        }
    }

    private static SignatureStorage Storage(string value) => value switch
    {
        "bundle" => SignatureStorage.Bundle,
        "legacy" => SignatureStorage.Legacy,
        _ => throw new UsageException($"--storage {value}: expected bundle or legacy"),
    };

    private static string Name(SignatureStorage s) => s == SignatureStorage.Bundle ? "bundle artifact" : "legacy signature image";
}
