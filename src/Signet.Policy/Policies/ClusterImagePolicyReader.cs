namespace Signet.Policy.Policies;

/// <summary>Reads and validates a ClusterImagePolicy document (policy-controller's CRD schema and webhook validation).</summary>
internal static class ClusterImagePolicyReader
{
    private static readonly string[] ApiVersions = ["policy.sigstore.dev/v1alpha1", "policy.sigstore.dev/v1beta1"];

    public static ClusterImagePolicy Read(YamlDocument root)
    {
        var errors = new FieldErrors();
        foreach (var unknown in root.UnknownKeys("apiVersion", "kind", "metadata", "spec"))
        {
            errors.Unknown(unknown);
        }

        var apiVersion = errors.Try(() => root.String("apiVersion", required: true));
        if (apiVersion is not null && !ApiVersions.Contains(apiVersion))
        {
            errors.Invalid(apiVersion, "apiVersion", "expected " + string.Join(" or ", ApiVersions));
        }

        var kind = errors.Try(() => root.String("kind", required: true));
        if (kind is not null && kind != "ClusterImagePolicy")
        {
            errors.Invalid(kind, "kind", "expected ClusterImagePolicy");
        }

        var name = ReadMetadata(root, errors);
        var spec = errors.Try(() => root.Map("spec", required: true));
        if (spec is null)
        {
            errors.ThrowIfAny("policy");
            throw new InvalidOperationException("unreachable");
        }

        foreach (var unknown in spec.UnknownKeys("images", "authorities", "mode", "policy", "match"))
        {
            errors.Unknown(spec.Sub(unknown));
        }

        if (spec.Has("match"))
        {
            errors.Unsupported(spec.Sub("match"), "matching by resource kind and labels belongs to an admission controller's configuration");
        }

        if (spec.Has("policy"))
        {
            var type = errors.Try(() => spec.Map("policy")?.String("type"));
            errors.Unsupported(spec.Sub("policy"), $"a policy over all authorities' results{(type is null ? "" : $" (type {type})")}; put CEL rules on an authority's attestations");
        }

        var mode = PolicyMode.Enforce;
        var modeText = errors.Try(() => spec.String("mode"));
        switch (modeText)
        {
            case null or "enforce":
                break;
            case "warn":
                mode = PolicyMode.Warn;
                break;
            default:
                errors.Invalid(modeText, spec.Sub("mode"), "expected enforce or warn");
                break;
        }

        var images = new List<ImageGlob>();
        var imageNodes = errors.Try(() => spec.Sequence("images")) ?? [];
        if (imageNodes.Count == 0)
        {
            errors.Missing(spec.Sub("images"));
        }

        foreach (var image in imageNodes)
        {
            foreach (var unknown in image.UnknownKeys("glob"))
            {
                errors.Unknown(image.Sub(unknown));
            }

            var glob = errors.Try(() => image.String("glob", required: true));
            if (glob is not null && errors.Try(() => ImageGlob.Parse(glob, image.Sub("glob"))) is { } parsed)
            {
                images.Add(parsed);
            }
        }

        var authorityNodes = errors.Try(() => spec.Sequence("authorities")) ?? [];
        if (authorityNodes.Count == 0)
        {
            // policy-controller's default (fail-on-empty-authorities): a policy with no authority admits nothing useful.
            errors.Missing(spec.Sub("authorities"));
        }

        var authorities = new List<PolicyAuthority>();
        for (var i = 0; i < authorityNodes.Count; i++)
        {
            if (AuthorityReader.Read(authorityNodes[i], i, errors) is { } authority)
            {
                authorities.Add(authority);
            }
        }

        var names = authorities.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var duplicate in names)
        {
            errors.Add($"duplicate authority name: {duplicate}");
        }

        errors.ThrowIfAny($"policy {name ?? "(unnamed)"}");
        return new ClusterImagePolicy(name!, mode, images, authorities);
    }

    private static string? ReadMetadata(YamlDocument root, FieldErrors errors)
    {
        var metadata = errors.Try(() => root.Map("metadata", required: true));
        if (metadata is null)
        {
            return null;
        }

        // Labels and annotations are Kubernetes bookkeeping with no effect on what the policy admits.
        foreach (var unknown in metadata.UnknownKeys("name", "labels", "annotations"))
        {
            errors.Unknown(metadata.Sub(unknown));
        }

        var name = errors.Try(() => metadata.String("name", required: true));
        if (name is { Length: 0 })
        {
            errors.Missing(metadata.Sub("name"));
        }

        return name;
    }
}
