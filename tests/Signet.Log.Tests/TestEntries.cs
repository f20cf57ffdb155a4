using System.Text;
using Signet.Core.Merkle;
using Signet.Log.Storage;

namespace Signet.Log.Tests;

/// <summary>Entries for the engine's tests: leaves the engine does not look into, each with one search key.</summary>
public static class TestEntries
{
    /// <summary>The body of entry <paramref name="i"/> (distinct per i).</summary>
    public static byte[] Body(int i) => Encoding.UTF8.GetBytes($"{{\"entry\":{i}}}");

    /// <summary>The search key of entry <paramref name="i"/>.</summary>
    public static string Key(int i) => $"sha256:{i:x64}";

    public static PendingEntry Pending(int i)
    {
        var body = Body(i);
        return new PendingEntry(Rfc6962.HashLeaf(body), body, [Key(i)]);
    }
}
