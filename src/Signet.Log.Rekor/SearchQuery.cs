using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Log.Rekor.Entries;

namespace Signet.Log.Rekor;

/// <summary>
/// Rekor v1 <c>SearchIndex</c> (rekor:openapi.yaml): <c>hash</c> (<c>sha256:hex</c> or bare hex), <c>publicKey
/// {format: x509, content: base64 PEM key or certificate}</c>, <c>email</c>, and <c>operator</c> (and | or, default or),
/// as the <see cref="SearchKeys"/> the entries were indexed under; and, a Signet extension Rekor's model lacks (Rekor
/// indexes URI SANs but can search only e-mail ones), <c>uri</c>: a certificate's URI SAN, such as a CI workflow
/// identity. A malformed query is a <see cref="SignetFormatException"/>.
/// </summary>
internal sealed record SearchQuery(IReadOnlyList<string> Keys, bool And)
{
    /// <summary>The longest <c>uri</c> a query may name.</summary>
    public const int MaxUriLength = 2048;

    public static SearchQuery Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("the search-index query is not a JSON object");
        }

        var keys = new List<string>();
        if (Text(root, "hash") is { } hash)
        {
            var (alg, hex) = hash.Contains(':', StringComparison.Ordinal) ? (hash[..hash.IndexOf(':', StringComparison.Ordinal)], hash[(hash.IndexOf(':', StringComparison.Ordinal) + 1)..]) : ("sha256", hash);
            var size = alg.ToLowerInvariant() switch
            {
                "sha256" => 32,
                "sha384" => 48,
                "sha512" => 64,
                _ => throw new SignetFormatException($"hash algorithm '{Excerpt.Of(alg)}' is not sha256, sha384 or sha512"),
            };
            if (hex.Length != size * 2 || !hex.All(Uri.IsHexDigit))
            {
                throw new SignetFormatException($"hash must be {size * 2} hex digits");
            }

            keys.Add(SearchKeys.Hash(alg, hex));
        }

        if (root.TryGetProperty("publicKey", out var pk) && pk.ValueKind != JsonValueKind.Null)
        {
            var format = pk.ValueKind == JsonValueKind.Object ? Text(pk, "format") : null;
            if (format != "x509")
            {
                throw new SignetFormatException("publicKey.format must be x509 (PEM public key or certificate)");
            }

            var content = Text(pk, "content") ?? throw new SignetFormatException("publicKey.content is required");
            var spki = SpkiOf(content);
            keys.Add(SearchKeys.PublicKey(spki));
        }

        if (Text(root, "email") is { } email)
        {
            if (email.Length > 320 || !email.Contains('@', StringComparison.Ordinal))
            {
                throw new SignetFormatException("email is not an e-mail address");
            }

            keys.Add(SearchKeys.Email(email));
        }

        if (Text(root, "uri") is { } uri)
        {
            if (uri.Length > MaxUriLength || !Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                throw new SignetFormatException($"uri must be an absolute URI of at most {MaxUriLength} characters");
            }

            keys.Add(SearchKeys.Uri(uri));
        }

        if (keys.Count == 0)
        {
            throw new SignetFormatException("the search-index query needs hash, publicKey, email or uri");
        }

        var op = Text(root, "operator") ?? "or";
        return op is "and" or "or" ? new SearchQuery(keys, op == "and") : throw new SignetFormatException("operator must be 'and' or 'or'");
    }

    private static byte[] SpkiOf(string base64Pem)
    {
        string pem;
        try
        {
            pem = Encoding.UTF8.GetString(Convert.FromBase64String(base64Pem));
        }
        catch (FormatException)
        {
            throw new SignetFormatException("publicKey.content is not base64");
        }

        var blocks = Pem.DecodeAll(pem);
        if (blocks.Count == 0)
        {
            throw new SignetFormatException("publicKey.content holds no PEM block");
        }

        return blocks[0].Label switch
        {
            PemLabels.PublicKey => Signet.Core.Keys.VerificationKey.FromSpki(blocks[0].Der).SpkiDer,
            PemLabels.Certificate => CertificateSpki(blocks[0].Der),
            var other => throw new SignetFormatException($"publicKey.content is a PEM '{other}'"),
        };
    }

    private static byte[] CertificateSpki(byte[] der)
    {
        try
        {
            using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
            return cert.PublicKey.ExportSubjectPublicKeyInfo();
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new SignetFormatException("publicKey.content is not a certificate: " + e.Message);
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
