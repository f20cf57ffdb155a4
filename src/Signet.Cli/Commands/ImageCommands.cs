using System.CommandLine;
using Signet.Client.Oci;
using Signet.Client.Oci.Signatures;
using Signet.Core;
using Signet.Core.Keys;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet image sign|attest|verify|verify-attestation|tree</c>: container images in OCI registries, in cosign's
/// bundle layout (OCI 1.1 referrers) or its legacy <c>.sig</c>/<c>.att</c> tag layout.
/// </summary>
internal static class ImageCommands
{
    public const string KeyPasswordVariable = "SIGNET_KEY_PASSWORD";

    public static Command Create()
    {
        var image = new Command("image", "Sign, attest and verify container images in OCI registries");
        image.Subcommands.Add(Sign());
        image.Subcommands.Add(Attest());
        image.Subcommands.Add(ImageTreeCommand.Create());
        return image;
    }

    private static Option<string> KeyOption() => new("--key")
    {
        Description = $"PEM private key to sign with (encrypted keys read their password from ${KeyPasswordVariable})",
        Required = true,
    };

    private static Option<string> StorageOption() => new("--storage")
    {
        Description = "bundle: OCI 1.1 artifact referring to the image (cosign v3); legacy: cosign's sha256-HEX.sig/.att tag",
        DefaultValueFactory = _ => "bundle",
    };

    private static Command Sign()
    {
        var registry = new ImageRegistryOptions();
        var key = KeyOption();
        var storage = StorageOption();
        var command = new Command("sign", "Sign an image's manifest digest and store the signature in the registry") { key, storage };
        registry.AddTo(command);
        command.SetAction((p, ct) => Run("image sign", async () =>
        {
            var layout = Storage(p.GetValue(storage)!);
            using var signingKey = LoadKey(p.GetValue(key)!);
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            var stored = await ImageSigner.SignAsync(client, reference, target, (payload, _) => Task.FromResult(ImageSigner.SignWithKeyOffline(payload, signingKey)),
                layout, TimeProvider.System, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"signed {reference.WithDigest(target.Digest)} ({Name(layout)}: {stored})");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Attest()
    {
        var registry = new ImageRegistryOptions();
        var key = KeyOption();
        var storage = StorageOption();
        var predicate = new Option<string>("--predicate") { Description = "The predicate (JSON file)", Required = true };
        var type = new Option<string>("--type") { Description = "Predicate type: a URI, or one of cosign's names (slsaprovenance1, spdxjson, cyclonedx, …)", DefaultValueFactory = _ => "custom" };
        var command = new Command("attest", "Attest an in-toto predicate about an image and store it in the registry") { key, storage, predicate, type };
        registry.AddTo(command);
        command.SetAction((p, ct) => Run("image attest", async () =>
        {
            var layout = Storage(p.GetValue(storage)!);
            var predicateType = PredicateTypes.Resolve(p.GetValue(type)!);
            var predicateJson = ReadFile(p.GetValue(predicate)!, "predicate", 16 << 20);
            using var signingKey = LoadKey(p.GetValue(key)!);
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            var stored = await ImageSigner.AttestAsync(client, reference, target, predicateType, predicateJson,
                (payload, _) => Task.FromResult(ImageSigner.SignWithKeyOffline(payload, signingKey)), layout, TimeProvider.System, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"attested {predicateType} for {reference.WithDigest(target.Digest)} ({Name(layout)}: {stored})");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Runs a command body and maps every failure to its exit code and one line on stderr.</summary>
    internal static async Task<int> Run(string name, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ImageUsageException e)
        {
            await Console.Error.WriteLineAsync($"signet {name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (RegistryException e)
        {
            await Console.Error.WriteLineAsync($"signet {name}: {e.Message}").ConfigureAwait(false);
            return e.Kind == RegistryErrorKind.DigestMismatch ? ExitCodes.VerificationFailed : ExitCodes.ServiceError;
        }
        catch (Exception e) when (e is SignetFormatException or KeyPasswordException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"signet {name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
    }

    internal static byte[] ReadFile(string path, string what, int limit)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new SignetFormatException($"{what}: file '{path}' does not exist");
        }

        if (info.Length > limit)
        {
            throw new SignetFormatException($"{what}: file '{path}' is larger than {limit} bytes");
        }

        return File.ReadAllBytes(path);
    }

    private static SigningKey LoadKey(string path)
    {
        var pem = System.Text.Encoding.UTF8.GetString(ReadFile(path, "key", 64 << 10));
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            var password = Environment.GetEnvironmentVariable(KeyPasswordVariable)
                ?? throw new ImageUsageException($"the key {path} is encrypted: set ${KeyPasswordVariable}");
            return SigningKey.ImportEncryptedPkcs8Pem(pem, password);
        }

        return SigningKey.FromPem(pem);
    }

    private static SignatureStorage Storage(string value) => value switch
    {
        "bundle" => SignatureStorage.Bundle,
        "legacy" => SignatureStorage.Legacy,
        _ => throw new ImageUsageException($"--storage {value}: expected bundle or legacy"),
    };

    private static string Name(SignatureStorage s) => s == SignatureStorage.Bundle ? "bundle artifact" : "legacy signature image";
}

/// <summary>cosign's <c>--type</c> names for predicate types (cosign attest --help); anything with a scheme is taken as is.</summary>
internal static class PredicateTypes
{
    public static string Resolve(string type) => type switch
    {
        "slsaprovenance" or "slsaprovenance02" => "https://slsa.dev/provenance/v0.2",
        "slsaprovenance1" => "https://slsa.dev/provenance/v1",
        "link" => "https://in-toto.io/Link/v1",
        "spdx" => "https://spdx.dev/Document",
        "spdxjson" => "https://spdx.dev/Document",
        "cyclonedx" => "https://cyclonedx.org/bom",
        "vuln" => "https://cosign.sigstore.dev/attestation/vuln/v1",
        "openvex" => "https://openvex.dev/ns",
        "custom" => "https://cosign.sigstore.dev/attestation/v1",
        _ when Uri.TryCreate(type, UriKind.Absolute, out _) => type,
        _ => throw new ImageUsageException($"--type {type}: not a URI nor one of slsaprovenance, slsaprovenance02, slsaprovenance1, link, spdx, spdxjson, cyclonedx, vuln, openvex, custom"),
    };
}
