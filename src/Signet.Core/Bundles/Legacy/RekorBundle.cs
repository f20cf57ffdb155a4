using System.Text.Json;
using Signet.Core.Json;
using Signet.Core.Keys;

namespace Signet.Core.Bundles.Legacy;

/// <summary>
/// cosign's "Rekor bundle" (cosign SIGNATURE_SPEC §Properties <c>dev.sigstore.cosign/bundle</c>; the <c>rekorBundle</c> of
/// its old blob bundle; sigstore-python's <c>.rekor</c> files): <c>{"SignedEntryTimestamp": b64, "Payload": {"body": b64,
/// "integratedTime": int, "logIndex": int, "logID": hex}}</c> — a Rekor v1 entry with its signed entry timestamp and no
/// inclusion proof.
/// </summary>
/// <param name="SignedEntryTimestamp">The log's signature over the canonical entry (protobuf-specs InclusionPromise).</param>
/// <param name="Body">The canonicalized entry body.</param>
/// <param name="IntegratedTime">Seconds since the epoch at which the log integrated the entry.</param>
/// <param name="LogIndex">The entry's index in the log.</param>
/// <param name="LogId">The log's id (SHA-256 of its public key).</param>
public sealed record RekorBundle(byte[] SignedEntryTimestamp, byte[] Body, long IntegratedTime, long LogIndex, byte[] LogId)
{
    /// <summary>The largest Rekor bundle read: one entry, as <see cref="TransparencyLogEntry.MaxJsonSize"/> bounds it.</summary>
    public const int MaxSize = TransparencyLogEntry.MaxJsonSize;

    /// <summary>Parses a Rekor bundle document.</summary>
    /// <exception cref="SignetFormatException">The document is not a Rekor bundle.</exception>
    public static RekorBundle Parse(ReadOnlySpan<byte> utf8Json)
    {
        return ProtobufJson.Parse(utf8Json, "rekor bundle", MaxSize, Read);
    }

    internal static RekorBundle Read(JsonField e)
    {
        e.RequireObject();
        var set = e.RequiredBytes("SignedEntryTimestamp");
        var payload = e.RequiredObject("Payload");
        var body = payload.RequiredBytes("body");
        if (body.Length == 0 || body.Length > TransparencyLogEntry.MaxBodySize)
        {
            throw payload.ErrorAt("body", $"{body.Length} bytes is not an entry body");
        }

        var logId = Encoding.Hex.Decode(payload.RequiredString("logID"), $"{payload.Path}.logID");
        if (logId.Length is 0 or > 64)
        {
            throw payload.ErrorAt("logID", $"{logId.Length} bytes is not a log id");
        }

        var integrated = payload.RequiredInt64("integratedTime");
        var index = payload.RequiredInt64("logIndex");
        if (integrated <= 0 || index < 0)
        {
            throw payload.Error("integratedTime must be positive and logIndex not negative");
        }

        return new RekorBundle(set, body, integrated, index, logId);
    }

    /// <summary>The entry in a bundle's form: kind and version from the body, the SET as the inclusion promise.</summary>
    /// <exception cref="SignetFormatException">The body does not name its kind and API version.</exception>
    public TransparencyLogEntry ToLogEntry() =>
        new(LogIndex, LogId, KindVersion.Of(Body, "rekor bundle Payload.body"), IntegratedTime, SignedEntryTimestamp, null, Body);

    /// <summary>The Rekor bundle of a bundle's log entry, which must carry a signed entry timestamp.</summary>
    /// <exception cref="SignetFormatException">The entry has no SET or no body (a Rekor v2 entry, for instance).</exception>
    public static RekorBundle FromLogEntry(TransparencyLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.SignedEntryTimestamp is null || entry.CanonicalizedBody is null || entry.IntegratedTime <= 0)
        {
            throw new SignetFormatException("log entry: a Rekor bundle needs a signed entry timestamp, an integrated time and the body (a Rekor v1 entry)");
        }

        return new RekorBundle(entry.SignedEntryTimestamp, entry.CanonicalizedBody, entry.IntegratedTime, entry.LogIndex, entry.LogId);
    }

    /// <summary>Whether the SET is <paramref name="logKey"/>'s signature over this entry (protobuf-specs InclusionPromise).</summary>
    public bool SignedEntryTimestampVerifies(VerificationKey logKey)
    {
        ArgumentNullException.ThrowIfNull(logKey);
        return Rekor.SignedEntryTimestamp.Verify(logKey, SignedEntryTimestamp, Body, IntegratedTime, LogId, LogIndex);
    }

    /// <summary>The Rekor bundle document (cosign's field names and order).</summary>
    public byte[] ToJson() => ProtobufJson.Write(Write);

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        ProtobufJson.WriteBytes(w, "SignedEntryTimestamp", SignedEntryTimestamp);
        w.WriteStartObject("Payload");
        ProtobufJson.WriteBytes(w, "body", Body);
        w.WriteNumber("integratedTime", IntegratedTime);
        w.WriteNumber("logIndex", LogIndex);
        w.WriteString("logID", Convert.ToHexStringLower(LogId));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
