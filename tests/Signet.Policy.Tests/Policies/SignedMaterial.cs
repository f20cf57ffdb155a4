using System.Security.Cryptography;
using System.Text;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.InToto;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Policy.Tests.Policies;

/// <summary>Real bundles from the in-memory CA, Rekor v2 log and TSA, read back from JSON, and the trusted root naming them.</summary>
internal sealed class SignedMaterial : IDisposable
{
    public const string Alice = "alice@example.com";
    public const string Mallory = "mallory@example.com";

    public InMemoryServices Services { get; } = new(TimeProvider.System);

    public TrustedMaterial Trust => TrustedMaterial.FromTrustedRoot(Services.TrustedRoot());

    public async Task<Bundle> SignAsync(byte[] artifact, string email = Alice)
    {
        var signer = new BundleSigner(Services.Clients, TimeProvider.System);
        var signed = await signer.SignKeylessAsync(SigningPayload.ForArtifact(artifact), IdentityToken.Parse(Services.Token(email)), CancellationToken.None);
        return Bundle.Parse(signed.Bundle.ToJson());
    }

    public async Task<Bundle> AttestAsync(byte[] artifact, string predicateType, string predicateJson, string email = Alice)
    {
        var statement = InTotoStatements.Create([("artifact", SHA256.HashData(artifact))], predicateType, Encoding.UTF8.GetBytes(predicateJson));
        var signer = new BundleSigner(Services.Clients, TimeProvider.System);
        var signed = await signer.SignKeylessAsync(SigningPayload.ForDsse(InTotoStatement.PayloadType, statement), IdentityToken.Parse(Services.Token(email)), CancellationToken.None);
        return Bundle.Parse(signed.Bundle.ToJson());
    }

    public async Task<Bundle> SignWithKeyAsync(byte[] artifact, SigningKey key)
    {
        var signer = new BundleSigner(Services.Clients, TimeProvider.System);
        var signed = await signer.SignWithKeyAsync(SigningPayload.ForArtifact(artifact), key, CancellationToken.None);
        return Bundle.Parse(signed.Bundle.ToJson());
    }

    public void Dispose() => Services.Dispose();
}
