using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Oci;
using Signet.Oci.Signatures;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet image sign|attest|verify|verify-attestation|tree</c>: container images in OCI registries, in cosign's
/// bundle layout (OCI 1.1 referrers) or its legacy <c>.sig</c>/<c>.att</c> tag layout.
/// </summary>
internal static class ImageCommands
{
    public static Command Create(TimeProvider time)
    {
        return CommandCatalog.Group("image", "Sign, attest and verify container images in OCI registries",
            [Sign(time), Attest(time), .. ImageVerifyCommands.Create(time), ProvenanceCommands.CreateImageVerifyProvenance(time), ImageTreeCommand.Create(time)]);
    }

    private static Option<string> StorageOption() => new("--storage")
    {
        Description = "bundle: OCI 1.1 artifact referring to the image (cosign v3); legacy: cosign's sha256-HEX.sig/.att tag",
        DefaultValueFactory = _ => "bundle",
    };

    private static Command Sign(TimeProvider time) => Signing(
        "sign", "Sign an image's manifest digest (keyless, or with --key) and store the signature in the registry", time, [], attests: false,
        _ => async (t, ct) =>
        {
            var stored = await ImageSigner.SignAsync(t.Client, t.Reference, t.Target, t.Producer, t.Layout, time, ct).ConfigureAwait(false);
            return $"signed {t.Reference.WithDigest(t.Target.Digest)} ({Name(t.Layout)}: {stored})";
        });

    private static Command Attest(TimeProvider time)
    {
        var predicate = new Option<string>("--predicate") { Description = "The predicate (JSON file)", Required = true };
        var type = PredicateTypeOption();
        return Signing(
            "attest", "Attest an in-toto predicate about an image (keyless, or with --key) and store it in the registry", time, [predicate, type], attests: true,
            p =>
            {
                var predicateType = PredicateType(p.GetValue(type)!);
                var predicateJson = LocalFile.Read(p.GetValue(predicate)!, "predicate", InTotoStatements.MaxSize);
                return async (t, ct) =>
                {
                    var stored = await ImageSigner.AttestAsync(t.Client, t.Reference, t.Target, predicateType, predicateJson, t.Producer, t.Layout, time, ct)
                        .ConfigureAwait(false);
                    return $"attested {predicateType} for {t.Reference.WithDigest(t.Target.Digest)} ({Name(t.Layout)}: {stored})";
                };
            });
    }

    /// <summary>
    /// <c>image sign</c> and <c>image attest</c>: read the command's own options (<paramref name="prepare"/>, before any
    /// network), resolve the image, make the signer, then store what <paramref name="prepare"/>'s action signs and print its line.
    /// </summary>
    private static Command Signing(string name, string description, TimeProvider time, Option[] options, bool attests,
        Func<ParseResult, Func<ImageSigningTarget, CancellationToken, Task<string>>> prepare)
    {
        var registry = new ImageRegistryOptions();
        var signing = new ImageSigningOptions();
        var storage = StorageOption();
        var command = new Command(name, description) { storage };
        command.AddOptions(options);

        signing.AddTo(command);
        registry.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var layout = Storage(p.GetValue(storage)!);
            var act = prepare(p);
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference, time);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            // Attestations are DSSE envelopes in both layouts; so is every signature in the bundle layout.
            using var signer = await signing.CreateAsync(p, layout, attests || layout == SignatureStorage.Bundle, time, ct).ConfigureAwait(false);
            Console.Out.WriteLine(await act(new ImageSigningTarget(client, reference, target, signer.Producer, layout), ct).ConfigureAwait(false));
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

/// <summary>What <c>image sign|attest</c> act on: the registry, the image and its resolved manifest, the signer and the layout.</summary>
internal sealed record ImageSigningTarget(RegistryClient Client, ImageReference Reference, ManifestContent Target, BundleProducer Producer, SignatureStorage Layout);
