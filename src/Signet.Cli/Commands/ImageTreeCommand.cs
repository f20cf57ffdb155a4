using System.CommandLine;
using Signet.Oci;
using Signet.Oci.Signatures;

namespace Signet.Cli.Commands;

/// <summary><c>signet image tree REF</c>: what is attached to an image — legacy signatures, attestations, SBOMs, and referrers.</summary>
internal static class ImageTreeCommand
{
    public static Command Create(TimeProvider time)
    {
        var registry = new ImageRegistryOptions();
        var command = new Command("tree", "List the signatures, attestations and SBOMs attached to an image (both layouts)");
        registry.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference, time);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            var d = target.Digest;
            var sig = LegacySignatureLayout.GetManifestAsync(client, reference.Repository, d, CosignAnnotations.SignatureTagSuffix, ct);
            var att = LegacySignatureLayout.GetManifestAsync(client, reference.Repository, d, CosignAnnotations.AttestationTagSuffix, ct);
            var sbom = LegacySignatureLayout.GetManifestAsync(client, reference.Repository, d, CosignAnnotations.SbomTagSuffix, ct);
            var referrers = client.GetReferrersAsync(reference.Repository, d, cancellationToken: ct);
            await Task.WhenAll(sig, att, sbom, referrers).ConfigureAwait(false);

            var o = Console.Out;
            o.WriteLine($"{reference.WithDigest(d)}");
            Legacy(o, "signatures", d.ToTag(CosignAnnotations.SignatureTagSuffix), sig.Result, l => l.Annotation(CosignAnnotations.Certificate) is null ? "key" : "certificate");
            Legacy(o, "attestations", d.ToTag(CosignAnnotations.AttestationTagSuffix), att.Result, l => "predicateType=" + (l.Annotation(CosignAnnotations.PredicateType) ?? "?"));
            Legacy(o, "sboms", d.ToTag(CosignAnnotations.SbomTagSuffix), sbom.Result, _ => "");
            o.WriteLine($"└── referrers: {referrers.Result.Count}");
            foreach (var r in referrers.Result)
            {
                var details = string.Join(' ', new[]
                {
                    r.Annotation(CosignAnnotations.BundleContent),
                    r.Annotation(CosignAnnotations.BundlePredicateType) is { } pt ? "predicateType=" + pt : null,
                    r.Annotation(CosignAnnotations.Created) is { } c ? "created=" + c : null,
                }.Where(s => s is not null));
                o.WriteLine($"    └── {r.Digest} {r.ArtifactType ?? r.MediaType} {details}".TrimEnd());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Legacy(TextWriter o, string title, string tag, OciManifest? manifest, Func<OciDescriptor, string> describe)
    {
        o.WriteLine($"├── {title} (tag {tag}): {manifest?.Layers.Count ?? 0}");
        foreach (var l in manifest?.Layers ?? [])
        {
            o.WriteLine($"│   └── {l.Digest} {l.MediaType} {describe(l)}".TrimEnd());
        }
    }
}
