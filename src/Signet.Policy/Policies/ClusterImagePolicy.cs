using Signet.Core;

namespace Signet.Policy.Policies;

/// <summary>What a policy does when no authority passes: refuse, or admit with a warning.</summary>
public enum PolicyMode
{
    /// <summary>Refuse (<c>spec.mode: enforce</c>, the default).</summary>
    Enforce,

    /// <summary>Admit, with a warning (<c>spec.mode: warn</c>).</summary>
    Warn,
}

/// <summary>
/// A policy in the subset of sigstore policy-controller's ClusterImagePolicy (policy.sigstore.dev v1alpha1/v1beta1)
/// that Signet implements: image globs, authorities (keyless identities with optional Fulcio and log URLs, a public
/// key, or a static pass/fail), attestations with CEL rules, and the mode. Read strictly: an unknown field, a CUE or
/// Rego policy, or a field of the full ClusterImagePolicy that Signet does not implement is refused, naming it.
/// </summary>
public sealed class ClusterImagePolicy
{
    internal ClusterImagePolicy(string name, PolicyMode mode, IReadOnlyList<ImageGlob> images, IReadOnlyList<PolicyAuthority> authorities)
    {
        Name = name;
        Mode = mode;
        Images = images;
        Authorities = authorities;
    }

    /// <summary>The largest policy or rules file read (bytes).</summary>
    public const int MaxFileBytes = YamlDocument.MaxBytes;

    /// <summary><c>metadata.name</c>.</summary>
    public string Name { get; }

    /// <summary><c>spec.mode</c>.</summary>
    public PolicyMode Mode { get; }

    /// <summary><c>spec.images[].glob</c>: the policy applies to an image that matches any.</summary>
    public IReadOnlyList<ImageGlob> Images { get; }

    /// <summary><c>spec.authorities</c>: the policy admits when any one passes.</summary>
    public IReadOnlyList<PolicyAuthority> Authorities { get; }

    /// <summary>Whether the policy applies to <paramref name="image"/> (a reference with registry, repository and tag or digest).</summary>
    public bool AppliesTo(string image) => Images.Any(g => g.Matches(image));

    /// <summary>Reads one ClusterImagePolicy document, reporting every problem at once.</summary>
    /// <exception cref="SignetFormatException">Malformed YAML or an invalid, unknown or unsupported field; the message names each path.</exception>
    public static ClusterImagePolicy Parse(string yaml) => ClusterImagePolicyReader.Read(YamlDocument.Load(yaml, "policy"));

    /// <summary>
    /// Reads every ClusterImagePolicy of a multi-document file (<c>---</c>-separated, as <c>kubectl apply -f</c> takes
    /// them); names must be unique. All or nothing: one invalid document refuses the file.
    /// </summary>
    /// <exception cref="SignetFormatException">Malformed YAML, an invalid document (the message names it), or a name given twice.</exception>
    public static IReadOnlyList<ClusterImagePolicy> ParseAll(string yaml)
    {
        var policies = YamlDocument.LoadAll(yaml, "policy").Select(ClusterImagePolicyReader.Read).ToList();
        if (policies.Count == 0)
        {
            throw new SignetFormatException("policy: the file holds no document");
        }

        var duplicate = policies.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? policies : throw new SignetFormatException($"policy: '{duplicate.Key}' is defined twice");
    }
}
