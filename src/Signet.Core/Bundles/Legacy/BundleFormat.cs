using Signet.Core.Json;

namespace Signet.Core.Bundles.Legacy;

/// <summary>The kinds of signature document <c>--bundle</c> accepts.</summary>
public enum BundleFormat
{
    /// <summary>A Sigstore bundle (protobuf-specs, <c>mediaType</c> v0.1–v0.3).</summary>
    Sigstore,

    /// <summary>cosign's old blob bundle (<c>base64Signature</c>, <c>cert</c>, <c>rekorBundle</c>): <see cref="CosignBlobBundle"/>.</summary>
    CosignBlob,

    /// <summary>A bare Rekor bundle (<c>SignedEntryTimestamp</c>, <c>Payload</c>): <see cref="RekorBundle"/>.</summary>
    Rekor,
}

/// <summary>Tells the signature documents apart by their top-level members.</summary>
public static class BundleFormats
{
    /// <summary>Which document <paramref name="utf8Json"/> is.</summary>
    /// <exception cref="SignetFormatException">Not JSON, or none of the three.</exception>
    public static BundleFormat Detect(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > Bundle.MaxSize)
        {
            throw new SignetFormatException($"bundle: too large ({utf8Json.Length} bytes > {Bundle.MaxSize})");
        }

        return ProtobufJson.Parse(utf8Json, "bundle", Bundle.MaxSize, root =>
            root.TryGet("mediaType", out _) ? BundleFormat.Sigstore
            : root.TryGet("base64Signature", out _) ? BundleFormat.CosignBlob
            : root.TryGet("SignedEntryTimestamp", out _) ? BundleFormat.Rekor
            : throw new SignetFormatException("bundle: neither a Sigstore bundle (mediaType), a cosign bundle (base64Signature) nor a Rekor bundle (SignedEntryTimestamp)"));
    }
}
