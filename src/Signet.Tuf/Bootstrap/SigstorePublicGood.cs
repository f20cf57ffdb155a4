namespace Signet.Tuf.Bootstrap;

/// <summary>
/// The bootstrap trust for Sigstore's public-good instance: its TUF mirror and a root.json (version 16, from the
/// sigstore/root-signing repository as shipped in sigstore-js's <c>@sigstore/tuf</c> seeds), embedded in the assembly.
/// The client walks the root chain from here, so a newer root on the mirror is picked up safely.
/// </summary>
public static class SigstorePublicGood
{
    public static Uri Mirror { get; } = new("https://tuf-repo-cdn.sigstore.dev/");

    public static byte[] TufRoot()
    {
        using var stream = typeof(SigstorePublicGood).Assembly.GetManifestResourceStream("Signet.Tuf.Bootstrap.production_tuf_root.json")
            ?? throw new InvalidOperationException("the embedded production TUF root is missing from the assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
