using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Ct;
using Signet.Core.Json;

namespace Signet.Log.Ct;

/// <summary>
/// The JSON of RFC 6962 §4: the <c>add-chain</c> request, and each response (binary values in standard base64,
/// numbers as JSON numbers, fields in the RFC's order). A malformed request is a <see cref="SignetFormatException"/>.
/// </summary>
public static class CtJson
{
    /// <summary>An add-chain body: 1 MiB, 8 levels, 1,024 certificates at the most (the log takes 10).</summary>
    private static readonly JsonLimits ChainLimits = new(1024 * 1024, 8, 1024);

    /// <summary>§4.1 add-chain / add-pre-chain input <c>{"chain": [base64 DER, …]}</c>: the certificates.</summary>
    /// <param name="body">The request body.</param>
    public static List<byte[]> ReadChain(ReadOnlyMemory<byte> body)
    {
        using var doc = StrictJson.Parse(body, "add-chain", ChainLimits);
        return JsonField.Root(doc.RootElement, "add-chain").RequireObject().RequiredArray("chain").Items().Select(x => x.GetBase64()).ToList();
    }

    /// <summary>§4.1 output: <c>{sct_version, id, timestamp, extensions, signature}</c>.</summary>
    /// <param name="sct">The SCT the log issued.</param>
    public static string AddChainResponse(SignedCertificateTimestamp sct)
    {
        ArgumentNullException.ThrowIfNull(sct);
        return Write(w =>
        {
            w.WriteNumber("sct_version", 0);
            w.WriteString("id", Convert.ToBase64String(sct.LogId));
            w.WriteNumber("timestamp", sct.Timestamp);
            w.WriteString("extensions", Convert.ToBase64String(sct.Extensions));
            w.WriteString("signature", Convert.ToBase64String(CtLogEntry.DigitallySigned(sct.Signature)));
        });
    }

    /// <summary>§4.3 get-sth output: <c>{tree_size, timestamp, sha256_root_hash, tree_head_signature}</c>.</summary>
    /// <param name="sth">The signed tree head.</param>
    public static string SignedTreeHead(SignedTreeHead sth)
    {
        ArgumentNullException.ThrowIfNull(sth);
        return Write(w =>
        {
            w.WriteNumber("tree_size", sth.TreeSize);
            w.WriteNumber("timestamp", sth.Timestamp);
            w.WriteString("sha256_root_hash", Convert.ToBase64String(sth.RootHash));
            w.WriteString("tree_head_signature", Convert.ToBase64String(sth.TreeHeadSignature));
        });
    }

    /// <summary>§4.4 get-sth-consistency output: <c>{consistency: [base64 node, …]}</c>.</summary>
    /// <param name="proof">The consistency proof.</param>
    public static string Consistency(IReadOnlyList<byte[]> proof) => Write(w => Hashes(w, "consistency", proof));

    /// <summary>§4.5 get-proof-by-hash output: <c>{leaf_index, audit_path: [base64 node, …]}</c>.</summary>
    /// <param name="leafIndex">The leaf's index.</param>
    /// <param name="auditPath">Its inclusion proof.</param>
    public static string ProofByHash(ulong leafIndex, IReadOnlyList<byte[]> auditPath) => Write(w =>
    {
        w.WriteNumber("leaf_index", leafIndex);
        Hashes(w, "audit_path", auditPath);
    });

    /// <summary>§4.6 get-entries output: <c>{entries: [{leaf_input, extra_data}, …]}</c>.</summary>
    /// <param name="entries">The entries, in order.</param>
    public static string Entries(IReadOnlyList<CtStoredEntry> entries) => Write(w =>
    {
        ArgumentNullException.ThrowIfNull(entries);
        w.WriteStartArray("entries");
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("leaf_input", Convert.ToBase64String(e.LeafInput));
            w.WriteString("extra_data", Convert.ToBase64String(e.ExtraData));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>§4.7 get-roots output: <c>{certificates: [base64 DER, …]}</c>.</summary>
    /// <param name="roots">The accepted roots.</param>
    public static string Roots(IReadOnlyList<X509Certificate2> roots) => Write(w =>
        Hashes(w, "certificates", roots.Select(r => r.RawData).ToList()));

    private static void Hashes(Utf8JsonWriter w, string name, IReadOnlyList<byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(Convert.ToBase64String(v));
        }

        w.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body) => Encoding.UTF8.GetString(ProtobufJson.WriteObject(body));

    /// <summary>A binary request value in standard base64 (e.g. §4.5's <c>hash</c>).</summary>
    /// <param name="s">The text.</param>
    /// <param name="what">How the error message names it.</param>
    public static byte[] ReadBase64(string s, string what)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException ex)
        {
            throw new SignetFormatException($"{what}: not base64", ex);
        }
    }
}
