using System.Reflection;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Fuzz;

/// <summary>
/// The verifier's RFC 3161 step (client-spec §4.1): the input is a TimeStampResp or a bare TimeStampToken, put as the
/// one <c>rfc3161Timestamps</c> entry of four conformance bundles and verified with <see cref="Verifier.Verify"/>
/// under each bundle's own trusted root — <c>managed-key-happy-path</c> (key-signed, the production root's TSA, no
/// certificate embedded), <c>rekor2-happy-path</c>, <c>rekor2-timestamp-with-embedded-cert</c> (the signer embedded
/// and issued by the trusted TSA) and <c>rekor2-timestamp-without-embedded-cert</c>. The verifier checks timestamps
/// first, so a token over the bundle's signature reaches the whole of <c>TimeStampToken</c> (the AsnReader reader of
/// CMS SignedData and TSTInfo), <c>TimestampSigner</c> (signer identifier, ESS signing-certificate, content-type,
/// message-digest, algorithms, the signature) and <c>TimestampAuthorityChain</c>; a token over another signature
/// stops at the message imprint. Seeds: the four bundles' real tokens and the <c>tsa-response</c> seeds.
/// </summary>
internal static class TimestampTarget
{
    private static readonly Lazy<Case[]> Cases = new(() =>
    [
        Case.Load("managed-key-happy-path", "production_trusted_root.json", key: true),
        Case.Load("rekor2-happy-path", "rekor2-happy-path.trusted_root.json", key: false),
        Case.Load("rekor2-timestamp-with-embedded-cert", "rekor2-timestamp-with-embedded-cert.trusted_root.json", key: false),
        Case.Load("rekor2-timestamp-without-embedded-cert", "rekor2-timestamp-without-embedded-cert.trusted_root.json", key: false),
    ]);

    public static void Run(byte[] data)
        => FuzzTargets.Each(data, [.. Cases.Value.Select(c => (Action<byte[]>)c.Verify)]);

    private sealed record Case(string Name, Bundle Bundle, Verifier Verifier, VerificationPolicy Policy, byte[] Artifact)
    {
        public static Case Load(string name, string root, bool key)
        {
            var trust = TrustedMaterial.Parse(Resource(root));
            var policy = key
                ? VerificationPolicy.ForPublicKey(VerificationKey.FromPem(System.Text.Encoding.UTF8.GetString(Resource(name + ".key.pub"))))
                : VerificationPolicy.ForIdentity(
                    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
                    "https://token.actions.githubusercontent.com");
            return new Case(name, Bundle.Parse(Resource(name + ".bundle.sigstore.json")), new Verifier(trust), policy, Resource("a.txt"));
        }

        public void Verify(byte[] token)
        {
            var material = Bundle.VerificationMaterial with { Rfc3161Timestamps = [new Rfc3161SignedTimestamp(token)] };
            Verifier.Verify(Bundle with { VerificationMaterial = material }, Signet.Core.Verification.Artifact.FromBytes(Artifact), Policy);
        }

        private static byte[] Resource(string name)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("timestamp/" + name)
                ?? throw new InvalidOperationException($"embedded conformance file {name} missing from the fuzz build");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
