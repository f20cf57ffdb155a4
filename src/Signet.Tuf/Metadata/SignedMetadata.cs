using System.Text.Json;
using Signet.Core;
using Signet.Tuf.Client;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>One signature of a metadata file: the signing key's id and the hex signature (TUF §4.2).</summary>
public sealed record TufSignature(string KeyId, string Sig);

/// <summary>
/// A metadata file as received: <c>{"signatures": [...], "signed": {...}}</c> (TUF §4.2), with the common fields of
/// <c>signed</c> read and its canonical bytes (what the signatures cover) computed once.
/// </summary>
public sealed class SignedMetadata
{
    private SignedMetadata() { }

    /// <summary><c>root</c>, <c>timestamp</c>, <c>snapshot</c> or <c>targets</c>.</summary>
    public string Type { get; private init; } = "";

    public long Version { get; private init; }

    public DateTimeOffset Expires { get; private init; }

    public JsonElement SignedElement { get; private init; }

    /// <summary>OLPC canonical JSON of <see cref="SignedElement"/>: the bytes every signature covers.</summary>
    public byte[] CanonicalSigned { get; private init; } = [];

    public IReadOnlyList<TufSignature> Signatures { get; private init; } = [];

    /// <summary>Metadata is expired when the reference time is at or past <c>expires</c> (TUF §5.4.4).</summary>
    public bool IsExpiredAt(DateTimeOffset referenceTime) => referenceTime >= Expires;

    public static SignedMetadata Parse(ReadOnlyMemory<byte> data, string expectedType, string what)
    {
        using var doc = TufJson.Parse(data, what);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{what}: not a JSON object");
        }

        var signed = TufJson.Object(root, "signed", what).Clone();
        var signatures = new List<TufSignature>();
        foreach (var s in TufJson.Array(root, "signatures", what).EnumerateArray())
        {
            signatures.Add(new TufSignature(
                TufJson.String(s, "keyid", what + " signature"),
                TufJson.String(s, "sig", what + " signature")));
        }

        var type = TufJson.String(signed, "_type", what);
        if (!string.Equals(type, expectedType, StringComparison.Ordinal))
        {
            throw new TufException(TufErrorCode.WrongContent, $"{what}: _type is \"{type}\", expected \"{expectedType}\"");
        }

        // TUF §4.2 "spec_version": a client refuses a major version it does not implement.
        var specVersion = TufJson.String(signed, "spec_version", what);
        if (!specVersion.StartsWith("1.", StringComparison.Ordinal) && specVersion != "1")
        {
            throw new SignetFormatException($"{what}: spec_version {specVersion} is not TUF 1.x");
        }

        return new SignedMetadata
        {
            Type = type,
            Version = TufJson.PositiveInteger(signed, "version", what),
            Expires = TufJson.Expires(signed, what),
            SignedElement = signed,
            CanonicalSigned = OlpcCanonicalJson.Encode(signed),
            Signatures = signatures,
        };
    }

    /// <summary>
    /// Checks that at least <c>role.Threshold</c> distinct key ids of <paramref name="role"/> made a valid signature
    /// (TUF §5.3.4: "each key ID is counted at most once"). Several signatures by one key count once.
    /// </summary>
    public void VerifyThreshold(TufRole role, IReadOnlyDictionary<string, TufKey> keys, string what)
    {
        var valid = 0;
        foreach (var keyId in role.KeyIds)
        {
            if (!keys.TryGetValue(keyId, out var key))
            {
                continue;
            }

            foreach (var signature in Signatures)
            {
                if (string.Equals(signature.KeyId, keyId, StringComparison.Ordinal) && key.Verify(CanonicalSigned, signature.Sig))
                {
                    valid++;
                    break;
                }
            }
        }

        if (valid < role.Threshold)
        {
            throw new TufException(TufErrorCode.BelowThreshold,
                $"{what}: {valid} valid signature(s) from distinct trusted keys, threshold is {role.Threshold}");
        }
    }
}
