using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>
/// A Sigstore bundle (protobuf-specs <c>dev.sigstore.bundle.v1.Bundle</c>, media types v0.1–v0.3) in the protobuf
/// JSON mapping. Exactly one of <see cref="MessageSignature"/> and <see cref="DsseEnvelope"/> is set.
/// Parsing checks shape only; what the bundle claims is checked by the verifier.
/// </summary>
public sealed record Bundle(
    string MediaType,
    VerificationMaterial VerificationMaterial,
    MessageSignature? MessageSignature,
    Envelope? DsseEnvelope)
{
    /// <summary>Largest bundle we parse; a bundle carries a few certificates and proofs, not megabytes.</summary>
    public const int MaxSize = 32 * 1024 * 1024;

    /// <summary>1, 2 or 3 for bundle v0.1, v0.2, v0.3.</summary>
    public int MinorVersion => MediaTypes.BundleMinorVersion(MediaType);

    /// <summary>Parses a bundle in the protobuf JSON mapping; malformed input is a <see cref="SignetFormatException"/>.</summary>
    public static Bundle Parse(ReadOnlySpan<byte> utf8Json) => ProtobufJson.Parse(utf8Json, "bundle", MaxSize, Read);

    internal static Bundle Read(JsonField e)
    {
        var mediaType = e.RequiredString("mediaType");
        var version = MediaTypes.BundleMinorVersion(mediaType);
        var material = VerificationMaterial.Read(e.RequiredObject("verificationMaterial"));
        var ms = e.OptionalObject("messageSignature");
        var dsse = e.OptionalObject("dsseEnvelope");
        if (ms is null == dsse is null)
        {
            throw new SignetFormatException($"{e.Path}: exactly one of messageSignature and dsseEnvelope must be set");
        }

        // protobuf-specs sigstore_bundle.proto: from v0.3 the chain form is replaced by the single leaf certificate.
        if (version >= 3 && material.X509CertificateChain is not null)
        {
            throw new SignetFormatException($"{e.Path}.verificationMaterial.x509CertificateChain: not allowed in a v0.3 bundle (use certificate)");
        }

        return new Bundle(
            mediaType,
            material,
            ms is null ? null : MessageSignature.Read(ms.Value),
            dsse is null ? null : Envelope.Read(dsse.Value));
    }

    /// <summary>Writes the bundle in the protobuf JSON mapping (compact, field order of the .proto).</summary>
    public byte[] ToJson() => ProtobufJson.Write(Write);

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", MediaType);
        VerificationMaterial.Write(w);
        MessageSignature?.Write(w);
        DsseEnvelope?.Write(w);
        w.WriteEndObject();
    }
}
