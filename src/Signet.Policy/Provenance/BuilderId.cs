using Signet.Core;

namespace Signet.Policy.Provenance;

/// <summary>
/// A builder ID, <c>NAME[@VERSION]</c> (slsa-verifier verifiers/utils/builder.go): NAME is the builder's URI, VERSION
/// its ref (<c>refs/tags/v1.2.3</c>) or a version. A user may give <c>NAME</c>, <c>NAME@v1.2.3</c> or
/// <c>NAME@refs/tags/v1.2.3</c>; all three match a builder at <c>refs/tags/v1.2.3</c>.
/// </summary>
internal sealed record BuilderId(string Name, string Version)
{
    public static BuilderId Parse(string id, bool needVersion, string what)
    {
        var parts = id.Split('@');
        if (parts.Length == 2 && parts[1].Length > 0 && parts[0].Length > 0)
        {
            return new BuilderId(parts[0], parts[1]);
        }

        if (parts.Length == 1 && parts[0].Length > 0 && !needVersion)
        {
            return new BuilderId(parts[0], "");
        }

        throw new SignetFormatException($"{what}: '{id}' is not a builder ID of the form NAME@REF");
    }

    /// <summary>
    /// Null when <paramref name="expected"/> names this builder: the names are equal and, when <paramref name="expected"/>
    /// has a version, it is this one (or, with <paramref name="allowRef"/>, this one is <c>refs/tags/</c> + it).
    /// <paramref name="full"/> compares versions even when <paramref name="expected"/> has none.
    /// </summary>
    public string? Mismatch(string expected, bool allowRef, bool full = false)
    {
        var e = Parse(expected, needVersion: false, "builder ID");
        if (e.Name != Name)
        {
            return $"expected builder '{e.Name}', got '{Name}'";
        }

        if ((full || e.Version.Length > 0) && e.Version != Version && !(allowRef && "refs/tags/" + e.Version == Version))
        {
            return $"expected builder version '{e.Version}', got '{Version}'";
        }

        return null;
    }

    public override string ToString() => Version.Length == 0 ? Name : $"{Name}@{Version}";
}
