using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>protobuf-specs <c>ClientTrustConfig</c> v0.1: one document holding a trusted root and a signing config.</summary>
public sealed record ClientTrustConfig(string MediaType, TrustedRoot TrustedRoot, SigningConfig SigningConfig)
{
    /// <summary>
    /// Parses a client trust config (protobuf-specs <c>ClientTrustConfig</c> JSON) with its trusted root and signing
    /// config.
    /// </summary>
    public static ClientTrustConfig Parse(ReadOnlySpan<byte> utf8Json) =>
        ProtobufJson.Parse(utf8Json, "clientTrustConfig", TrustedRoot.MaxSize, Read);

    private static ClientTrustConfig Read(JsonField e)
    {
        var mediaType = e.RequiredString("mediaType");
        if (mediaType != MediaTypes.ClientTrustConfigV01)
        {
            throw new SignetFormatException($"{e.Path}.mediaType: unsupported client trust config media type '{MediaTypes.Truncate(mediaType)}'");
        }

        return new ClientTrustConfig(
            mediaType,
            TrustedRoot.Read(e.RequiredObject("trustedRoot")),
            SigningConfig.Read(e.RequiredObject("signingConfig")));
    }

    /// <summary>Writes the client trust config as protobuf JSON.</summary>
    public byte[] ToJson() => ProtobufJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("mediaType", MediaType);
        w.WritePropertyName("trustedRoot");
        TrustedRoot.Write(w);
        w.WritePropertyName("signingConfig");
        SigningConfig.Write(w);
        w.WriteEndObject();
    });
}
