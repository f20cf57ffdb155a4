using Signet.Core.Json;

namespace Signet.Core.Rekor;

/// <summary>
/// Rekor v1 <c>intoto</c> 0.0.1 (rekor <c>pkg/types/intoto/v0.0.1</c>): <c>{"apiVersion":"0.0.1","kind":"intoto",
/// "spec":{"content":{"hash","payloadHash"},"publicKey"}}</c>. Older bundles carry such entries, so the verifier reads
/// them; Signet's log does not accept new ones (rekor deprecated the version in favour of 0.0.2 and dsse).
/// </summary>
public static class IntotoV001
{
    /// <summary>The entry kind and its API version.</summary>
    public const string Kind = "intoto", Version = "0.0.1";

    /// <summary>The verifier's reading of a stored body's <paramref name="spec"/>: the payload hash and the signer's key
    /// (the entry records no signature).</summary>
    public static LogEntryBody Read(JsonField spec)
    {
        var payloadHash = RekorHash.Read(spec.RequiredObject("content").RequiredObject("payloadHash"));
        var verifier = EntryVerifier.FromPem(spec.RequiredBytes("publicKey"), spec.Path + ".publicKey");
        return new LogEntryBody(Kind, Version, null, null, [new EntrySignature([], verifier)], payloadHash.Digest, null, null);
    }
}
