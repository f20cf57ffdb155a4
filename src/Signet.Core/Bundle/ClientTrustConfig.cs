using System.Text.Json;

namespace Signet.Core.Bundle;

/// <summary>protobuf-specs <c>ClientTrustConfig</c> v0.1: one document holding a trusted root and a signing config.</summary>
public sealed record ClientTrustConfig(string MediaType, TrustedRoot TrustedRoot, SigningConfig SigningConfig)
{
    public static ClientTrustConfig Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > TrustedRoot.MaxSize)
        {
            throw new SignetFormatException($"clientTrustConfig: too large ({utf8Json.Length} bytes)");
        }

        using var doc = ProtoJson.ParseDocument(utf8Json, "clientTrustConfig");
        var e = doc.RootElement;
        const string path = "clientTrustConfig";
        ProtoJson.RequireObject(e, path);
        var mediaType = ProtoJson.RequiredString(e, "mediaType", path);
        if (mediaType != MediaTypes.ClientTrustConfigV01)
        {
            throw new SignetFormatException($"{path}.mediaType: unsupported client trust config media type '{MediaTypes.Truncate(mediaType)}'");
        }

        return new ClientTrustConfig(
            mediaType,
            TrustedRoot.Read(ProtoJson.RequiredObject(e, "trustedRoot", path), $"{path}.trustedRoot"),
            SigningConfig.Read(ProtoJson.RequiredObject(e, "signingConfig", path), $"{path}.signingConfig"));
    }

    public byte[] ToJson() => ProtoJson.Write(w =>
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
