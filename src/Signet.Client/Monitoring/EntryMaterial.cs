using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;

namespace Signet.Client.Monitoring;

/// <summary>
/// The key material and artifact digest a log entry names: certificates (DER), public keys (SPKI DER) and the
/// digest as <c>algorithm:hex</c>. Read from a Rekor entry body of any kind and version by the fields that carry them
/// (rekor pkg/types and rekor-tiles entry.proto): <c>publicKey.content</c>, <c>verifier</c> and <c>publicKey</c> as
/// base64 PEM (v1 kinds), <c>x509Certificate.rawBytes</c> and <c>publicKey.rawBytes</c> (v2 kinds); the digest from
/// <c>data.hash</c> / <c>data.digest</c> (hashedrekord) or <c>payloadHash</c> (dsse, intoto).
/// </summary>
/// <param name="Certificates">Certificates, DER.</param>
/// <param name="PublicKeys">Public keys, SPKI DER.</param>
/// <param name="Digest">The artifact (or payload) digest, <c>sha256:HEX</c>, if the entry names one.</param>
public sealed record EntryMaterial(IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> PublicKeys, string? Digest)
{
    private const int MaxDepth = 16;

    /// <summary>Reads a Rekor entry body (canonical JSON); a body that is not JSON is a <see cref="SignetFormatException"/>.</summary>
    /// <param name="body">The entry's body (the log's leaf).</param>
    public static EntryMaterial FromRekorBody(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"log entry: not JSON ({e.Message})", e);
        }

        using (doc)
        {
            var certs = new List<byte[]>();
            var keys = new List<byte[]>();
            string? digest = null;
            Walk(doc.RootElement, null, 0, certs, keys, ref digest);
            return new EntryMaterial(certs, keys, digest);
        }
    }

    private static void Walk(JsonElement e, string? name, int depth, List<byte[]> certs, List<byte[]> keys, ref string? digest)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (name is "x509Certificate" && Bytes(e, "rawBytes") is { } der)
                {
                    certs.Add(der);
                    return;
                }

                if (name is "publicKey" && Bytes(e, "rawBytes") is { } spki)
                {
                    keys.Add(spki);
                    return;
                }

                if (name is "publicKey" && e.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    AddPem(content.GetString()!, certs, keys);
                    return;
                }

                if (name is "hash" or "data" or "payloadHash" && digest is null && DigestOf(e) is { } d)
                {
                    digest = d;
                }

                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, p.Name, depth + 1, certs, keys, ref digest);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, name, depth + 1, certs, keys, ref digest);
                }

                break;
            case JsonValueKind.String when name is "verifier" or "publicKey":
                AddPem(e.GetString()!, certs, keys);
                break;
        }
    }

    private static byte[]? Bytes(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(v.GetString()!);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // v1: {algorithm: "sha256", value: HEX}; v2: {algorithm: "SHA2_256", digest: BASE64}.
    private static string? DigestOf(JsonElement e)
    {
        if (!e.TryGetProperty("algorithm", out var a) || a.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var algorithm = a.GetString() switch
        {
            "sha256" or "SHA2_256" => "sha256",
            "sha384" or "SHA2_384" => "sha384",
            "sha512" or "SHA2_512" => "sha512",
            var other => other?.ToLowerInvariant(),
        };
        if (e.TryGetProperty("value", out var hex) && hex.ValueKind == JsonValueKind.String)
        {
            return $"{algorithm}:{hex.GetString()!.ToLowerInvariant()}";
        }

        return Bytes(e, "digest") is { } raw ? $"{algorithm}:{Convert.ToHexStringLower(raw)}" : null;
    }

    private static void AddPem(string base64, List<byte[]> certs, List<byte[]> keys)
    {
        string pem;
        try
        {
            pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return;
        }

        IReadOnlyList<PemBlock> blocks;
        try
        {
            blocks = Pem.DecodeAll(pem);
        }
        catch (SignetFormatException)
        {
            return;
        }

        foreach (var b in blocks)
        {
            (b.Label == "CERTIFICATE" ? certs : b.Label == "PUBLIC KEY" ? keys : null)?.Add(b.Der);
        }
    }
}
