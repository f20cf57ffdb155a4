using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>The keys and threshold one top-level role should have.</summary>
public sealed record RoleKeys(IReadOnlyList<TufKey> Keys, int Threshold)
{
    public void Validate(string role)
    {
        var ids = Keys.Select(k => k.ComputeKeyId()).Distinct(StringComparer.Ordinal).Count();
        if (ids != Keys.Count)
        {
            throw new ArgumentException($"{role}: the same key is given twice");
        }

        if (Threshold < 1 || Threshold > Keys.Count)
        {
            throw new ArgumentException($"{role}: threshold {Threshold} needs 1..{Keys.Count} (the number of keys)");
        }
    }
}
