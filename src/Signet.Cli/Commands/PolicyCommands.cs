using System.CommandLine;
using System.Text;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Oci;
using Signet.Policy.Policies;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet policy test --policy P.yaml (--image REF | ARTIFACT --bundle B…) [--trusted-root T]</c>: evaluates a
/// ClusterImagePolicy (Signet's subset) and prints each authority's result as policy-controller's policy-tester does.
/// Exit 0 admitted, 1 not admitted, 2 usage, 3 invalid policy or input, 4 registry or trust store unreachable.
/// </summary>
internal static class PolicyCommands
{
    public static Command Create(TimeProvider time)
    {
        var policy = new Command("policy", "Policies over signatures and attestations (a subset of sigstore policy-controller's ClusterImagePolicy)");
        policy.Subcommands.Add(Test(time));
        return policy;
    }

    private static Command Test(TimeProvider time)
    {
        var file = new Option<string>("--policy") { Description = "The ClusterImagePolicy (YAML)", Required = true };
        var image = new Option<string?>("--image") { Description = "Evaluate the policy against this image in its registry" };
        var artifact = new Argument<string?>("artifact") { Description = "Or: the artifact file (or sha256:HEX) the --bundle files are about", Arity = ArgumentArity.ZeroOrOne };
        var bundles = new Option<string[]>("--bundle") { Description = "A Sigstore bundle for the artifact (signature or attestation; repeatable)" };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "Trusted root JSON, bypassing TUF (default: the TUF trust store)" };
        var registry = new ImageRegistryOptions();
        var command = new Command("test", "Evaluate a policy against an image or an artifact and its bundles; print each authority's result")
        {
            file, image, artifact, bundles, trustedRoot, registry.Username, registry.Password, registry.AllowInsecure,
        };
        command.SetRunner(async (p, ct) =>
        {
            var imageRef = p.GetValue(image);
            var artifactPath = p.GetValue(artifact);
            var bundlePaths = p.GetValue(bundles) ?? [];
            if ((imageRef is null) == (artifactPath is null))
            {
                throw new UsageException("give either --image REF or ARTIFACT with --bundle");
            }

            if (imageRef is not null && bundlePaths.Length > 0)
            {
                throw new UsageException("--bundle goes with ARTIFACT; an image's signatures come from its registry");
            }

            var parsed = ClusterImagePolicy.Parse(Encoding.UTF8.GetString(CliFiles.Read(p.GetRequiredValue(file), "policy", ClusterImagePolicy.MaxFileBytes)));
            var output = p.InvocationConfiguration.Output;
            var evaluator = new PolicyEvaluator(TrustedRootSource.Load(p.GetValue(trustedRoot), p.InvocationConfiguration.Error));
            PolicyResult result;
            if (imageRef is not null)
            {
                var reference = ImageReference.Parse(imageRef);
                if (!parsed.AppliesTo(reference.ToString()))
                {
                    output.WriteLine($"policy {parsed.Name}: no glob of spec.images matches {reference}");
                    output.WriteLine("NOT ADMITTED: the policy does not cover the image (nothing is admitted by default)");
                    return ExitCodes.VerificationFailed;
                }

                using var client = registry.Client(p, reference, time);
                var manifest = await client.ResolveAsync(reference, ct).ConfigureAwait(false);
                result = await evaluator.EvaluateAsync(parsed, PolicyTarget.ForImage(client, reference, manifest.Digest), ct).ConfigureAwait(false);
            }
            else
            {
                if (bundlePaths.Length == 0)
                {
                    throw new UsageException("ARTIFACT needs at least one --bundle");
                }

                var loaded = bundlePaths.Select(b => (b, Bundle.Parse(CliFiles.Read(b, "bundle", Bundle.MaxSize)))).ToArray();
                var target = PolicyTarget.ForArtifact(artifactPath!, VerifyOptions.LoadArtifact(artifactPath!), loaded);
                result = await evaluator.EvaluateAsync(parsed, target, ct).ConfigureAwait(false);
            }

            Print(output, result);
            return result.Admitted ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private static void Print(TextWriter output, PolicyResult result)
    {
        output.WriteLine($"policy {result.Policy} ({result.Mode.ToString().ToLowerInvariant()}) for {result.Target}");
        foreach (var a in result.Authorities)
        {
            output.WriteLine($"  authority {a.Name} ({a.Kind}): {(a.Passed ? "PASS" : "FAIL")}: {PrintableText.Escape(a.Detail.ReplaceLineEndings(" "))}");
        }

        if (result.Warning is { } warning)
        {
            output.WriteLine($"Warning: {PrintableText.Escape(warning)}");
        }

        output.WriteLine(result.Passed ? "ADMITTED" : result.Admitted ? "ADMITTED (mode warn: no authority passed)" : "NOT ADMITTED: no authority passed");
    }
}
