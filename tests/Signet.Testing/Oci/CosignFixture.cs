using Signet.Oci;
using Signet.Oci.Signatures;

namespace Signet.Testing.Oci;

/// <summary>
/// An image signed by real cosign (keyless, GitHub Actions, public-good Fulcio and Rekor), kept in TestData/cosign
/// (see its README for the source): the image index the signature is about, and cosign's signature image for it.
/// </summary>
public static class CosignFixture
{
    public const string Identity = "https://github.com/salrashid123/go-bazel-github-workflow/.github/workflows/release.yaml@refs/tags/v0.0.30";
    public const string Issuer = "https://token.actions.githubusercontent.com";
    public const string DockerReference = "index.docker.io/salrashid123/server_image";
    public const long LogIndex = 1004096555;
    public const long IntegratedTime = 1772216446;

    /// <summary>The digest of the image index, and the one the signed simple-signing payload names.</summary>
    public static readonly OciDigest SignedDigest = OciDigest.Parse("sha256:c05263d2ff654c3a94243662440913f045075d59c436e2c69e9145ec2b87a321");

    public static byte[] Data(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static byte[] Index => Data("cosign/server_image.index.json");

    /// <summary>
    /// Pushes cosign's signature image as cosign stored it (SIGNATURE_SPEC: config blob, simple-signing layer blob,
    /// manifest with cosign's annotations under <c>sha256-&lt;hex&gt;.sig</c> of <paramref name="subject"/>).
    /// </summary>
    public static async Task PushSignatureAsync(RegistryClient client, string repository, OciDigest subject)
    {
        var bytes = Data("cosign/server_image.sig.manifest.json");
        var manifest = OciJson.ParseManifest(bytes);
        var blobs = new[]
        {
            (manifest.Config, Data("cosign/server_image.sig.config.json")),
            (manifest.Layers[0], Data("cosign/server_image.simplesigning.json")),
        };
        foreach (var (descriptor, blob) in blobs)
        {
            // The blobs are cosign's: they hash to the digests its manifest (and, for the payload, Rekor's entry) names.
            var pushed = await client.PushBlobAsync(repository, blob, descriptor.MediaType);
            if (pushed.Digest != descriptor.Digest)
            {
                throw new InvalidOperationException($"fixture blob hashes to {pushed.Digest}, cosign's manifest names {descriptor.Digest}");
            }
        }

        await client.PutManifestAsync(repository, subject.ToTag(CosignAnnotations.SignatureTagSuffix), bytes, OciMediaTypes.ImageManifest);
    }

    /// <summary>The signed image index under <paramref name="tag"/>, and cosign's signature for it.</summary>
    public static async Task PushSignedImageAsync(RegistryServer registry, RegistryClient client, string repository, string tag)
    {
        // The index's platform images are not in the fixture, so the registry would refuse the index on PUT.
        if (registry.StoreManifest(repository, tag, Index) != SignedDigest)
        {
            throw new InvalidOperationException("the fixture index does not hash to the signed digest");
        }

        await PushSignatureAsync(client, repository, SignedDigest);
    }
}
