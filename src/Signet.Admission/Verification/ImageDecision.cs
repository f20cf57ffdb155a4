using Signet.Admission.Reviews;

namespace Signet.Admission.Verification;

/// <summary>What was decided about one image.</summary>
/// <param name="Image">The image as written.</param>
/// <param name="Allowed">Whether every enforcing policy that applies passed.</param>
/// <param name="Denials">Why not: one line per failed enforcing policy, naming the image, the policy and each authority.</param>
/// <param name="Warnings">Failed warn-mode policies, or an unmatched image under <c>--no-match warn</c>.</param>
/// <param name="Pinned">The image pinned to the digest that was verified (<c>IMAGE@sha256:…</c>), when it was verified by tag.</param>
public sealed record ImageDecision(string Image, bool Allowed, IReadOnlyList<string> Denials, IReadOnlyList<string> Warnings, string? Pinned)
{
    internal static ImageDecision Deny(string image, string why) => new(image, false, [why], [], null);

    internal static ImageDecision Allow(string image, string? warning = null) => new(image, true, [], warning is null ? [] : [warning], null);

    /// <summary>For a container: the decision with each line prefixed by the container's field.</summary>
    public (IEnumerable<string> Denials, IEnumerable<string> Warnings) For(ContainerImage container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return (Denials.Select(d => $"{container.Field}: {d}"), Warnings.Select(w => $"{container.Field}: {w}"));
    }
}
