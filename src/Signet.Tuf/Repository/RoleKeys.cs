using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>The keys and threshold one top-level role should have.</summary>
public sealed record RoleKeys(IReadOnlyList<TufKey> Keys, int Threshold)
{
    /// <summary>Refuses a key given twice and a threshold outside 1..keys (<see cref="TufRepositoryError.InvalidRoleKeys"/>).</summary>
    public void Validate(string role)
    {
        var ids = Keys.Select(k => k.ComputeKeyId()).Distinct(StringComparer.Ordinal).Count();
        if (ids != Keys.Count)
        {
            throw new TufRepositoryException(TufRepositoryError.InvalidRoleKeys, $"{role}: the same key is given twice");
        }

        if (Threshold < 1 || Threshold > Keys.Count)
        {
            throw new TufRepositoryException(TufRepositoryError.InvalidRoleKeys, $"{role}: threshold {Threshold} needs 1..{Keys.Count} (the number of keys)");
        }
    }
}
