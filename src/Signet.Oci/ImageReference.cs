using System.Text.RegularExpressions;
using Signet.Core;

namespace Signet.Oci;

/// <summary>
/// An image reference <c>[registry/]repository[:tag][@digest]</c> in the grammar of distribution/reference
/// (the one docker, cosign and crane accept). A reference without a registry means Docker Hub, and a one-part
/// Docker Hub name means <c>library/NAME</c>.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The registry a reference without one means.</summary>
    public const string DockerHub = "docker.io";

    private ImageReference() { }

    /// <summary>The registry as written (host[:port]); <c>docker.io</c> when none was given.</summary>
    public string Registry { get; private init; } = DockerHub;

    /// <summary>The repository path inside the registry, e.g. <c>library/alpine</c>.</summary>
    public string Repository { get; private init; } = "";

    /// <summary>The tag, or null.</summary>
    public string? Tag { get; private init; }

    /// <summary>The digest, or null.</summary>
    public OciDigest? Digest { get; private init; }

    /// <summary>What the manifest endpoint takes: the digest when there is one, else the tag (default <c>latest</c>).</summary>
    public string Reference => Digest?.ToString() ?? Tag ?? "latest";

    /// <summary>Parses a reference; malformed input → <see cref="SignetFormatException"/> naming the part.</summary>
    public static ImageReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Length > 512)
        {
            throw new SignetFormatException("image reference: empty or longer than 512 characters");
        }

        var rest = value;
        OciDigest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = OciDigest.Parse(rest[(at + 1)..], "image reference digest");
            rest = rest[..at];
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                throw new SignetFormatException($"image reference: tag '{tag}' is not [A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}}");
            }
        }

        var registry = DockerHub;
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = rest[..firstSlash];
            // distribution/reference normalize.go: the first component is a domain when it has '.', ':' or is localhost.
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
                || first.Any(char.IsUpper))
            {
                if (!DomainPattern().IsMatch(first))
                {
                    throw new SignetFormatException($"image reference: registry '{first}' is not host[:port]");
                }

                registry = first;
                rest = rest[(firstSlash + 1)..];
            }
        }

        if (registry is DockerHub or "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
            if (!rest.Contains('/', StringComparison.Ordinal))
            {
                rest = "library/" + rest;
            }
        }

        if (rest.Length > 255 || !RepositoryPattern().IsMatch(rest))
        {
            throw new SignetFormatException($"image reference: repository '{rest}' must be lowercase path components [a-z0-9] joined by '.', '_', '__' or '-'");
        }

        return new ImageReference { Registry = registry, Repository = rest, Tag = tag, Digest = digest };
    }

    /// <summary>The same repository at <paramref name="digest"/> (no tag).</summary>
    public ImageReference WithDigest(OciDigest digest) => this with { Tag = null, Digest = digest };

    /// <summary>The same repository at <paramref name="tag"/> (no digest).</summary>
    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    /// <summary>The repository name with its registry, as cosign writes <c>docker-reference</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The reference in its canonical form, <c>registry/repository[:tag][@digest]</c>.</summary>
    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:\[[0-9A-Fa-f:]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
