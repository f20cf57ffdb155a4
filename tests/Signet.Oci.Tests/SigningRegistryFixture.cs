using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>
/// A real registry and a real local Sigstore (CA with CT, log, TSA, development OIDC issuer: signet serve's
/// composition) for signing images keyless or with keys and verifying them against its trusted root.
/// </summary>
public sealed class SigningRegistryFixture : IAsyncLifetime
{
    public RegistryServer Registry { get; } = new();

    public LocalSigstore Services { get; private set; } = null!;

    public SigningConfig SigningConfig { get; private set; } = null!;

    public TrustedRoot TrustedRoot { get; private set; } = null!;

    public Verifier Verifier { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        Services = await LocalSigstore.StartAsync(new LocalSigstoreOptions { PinPublicUrl = true });
        SigningConfig = Services.SigningConfig;
        TrustedRoot = Services.TrustedRoot;
        Verifier = new Verifier(TrustedMaterial.FromTrustedRoot(TrustedRoot));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Services.DisposeAsync();
        Registry.Dispose();
    }

    public RegistryClient Client(HttpMessageHandler? handler = null) => new(Registry.Registry, new RegistryClientOptions { Handler = handler });

    public ImageReference Ref(string repositoryAndTag) => ImageReference.Parse($"{Registry.Registry}/{repositoryAndTag}");

    private BundleSigner Signer(SignatureStorage storage) =>
        new(Http, ImageBundleProducers.ServicesFor(SigningConfig, storage, DateTimeOffset.UtcNow), TimeProvider.System);

    public BundleProducer WithKey(SigningKey key, SignatureStorage storage) =>
        ImageBundleProducers.FromSession(SigningSession.WithKey(Signer(storage), key, TrustedRoot));

    public async Task<BundleProducer> KeylessAsync(string email, SignatureStorage storage) =>
        ImageBundleProducers.FromSession(SigningSession.Keyless(Signer(storage), IdentityToken.Parse(await Services.TokenAsync(email)), TrustedRoot));

    public VerificationPolicy Identity(string email) => VerificationPolicy.ForIdentity(email, Services.Issuer);

    /// <summary>Signs <paramref name="image"/> in both layouts with what <paramref name="producer"/> makes for each.</summary>
    public static async Task<ManifestContent> SignBothAsync(RegistryClient client, ImageReference image, Func<SignatureStorage, Task<BundleProducer>> producer)
    {
        var target = await client.ResolveAsync(image);
        await ImageSigner.SignAsync(client, image, target, await producer(SignatureStorage.Legacy), SignatureStorage.Legacy, TimeProvider.System);
        await ImageSigner.SignAsync(client, image, target, await producer(SignatureStorage.Bundle), SignatureStorage.Bundle, TimeProvider.System);
        return target;
    }
}
