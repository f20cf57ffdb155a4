using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core.Bundles;
using Signet.Core.InToto;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>
/// Makes real ECDSA P-256 signatures in both cosign layouts for the layout tests: a simple-signing layer signed over
/// its payload, and a v0.3 bundle whose DSSE envelope carries cosign's in-toto "sign" statement for the image.
/// </summary>
public sealed class TestSigner : IDisposable
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    public void Dispose() => Key.Dispose();

    public LegacySignature Legacy(ImageReference image, OciDigest digest)
    {
        var payload = SimpleSigningPayload.Create(image.Name, digest);
        var sig = Key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new LegacySignature(OciMediaTypes.CosignSimpleSigning, payload, LegacySignature.AnnotationsFor(sig));
    }

    public byte[] DsseBundle(ImageReference image, OciDigest digest, string predicateType = CosignAnnotations.CosignSignPredicateType, string predicate = "{}")
    {
        var statement = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new[] { new Dictionary<string, object> { ["name"] = image.Name, ["digest"] = new Dictionary<string, string> { ["sha256"] = digest.Hex } } },
            ["predicateType"] = predicateType,
            ["predicate"] = JsonDocument.Parse(predicate).RootElement,
        }));
        var pae = Pae(InTotoStatement.PayloadType, statement);
        var sig = Key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var bundle = new Bundle(
            MediaTypes.BundleV03,
            new VerificationMaterial(new PublicKeyIdentifier("test-key"), null, null, [], []),
            null,
            new Envelope(statement, InTotoStatement.PayloadType, [new EnvelopeSignature(sig, null)]));
        return bundle.ToJson();
    }

    // DSSE v1 §Signature definition: PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
    public static byte[] Pae(string type, byte[] body)
    {
        var head = Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(type)} {type} {body.Length} ");
        return [.. head, .. body];
    }
}
