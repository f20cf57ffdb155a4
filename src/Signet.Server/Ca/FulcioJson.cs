using System.Text;
using System.Text.Json;
using Signet.Ca;
using Signet.Ca.Issuers;
using Signet.Core;

namespace Signet.Server.Ca;

/// <summary>
/// Fulcio's v2 JSON (protobuf JSON mapping of fulcio.proto): <c>CreateSigningCertificateRequest</c> in,
/// <c>SigningCertificate</c>, <c>TrustBundle</c> and <c>Configuration</c> out. Unknown fields are ignored.
/// </summary>
internal static class FulcioJson
{
    public static SigningCertificateRequest ReadRequest(byte[] body, string? bearerToken)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidRequest, "request: body is not JSON", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CaRequestRejectedException(CaRejection.InvalidRequest, "request: body is not a JSON object");
            }

            var token = String(Path(root, "credentials", "oidcIdentityToken") ?? Path(root, "credentials", "oidc_identity_token"), "credentials.oidcIdentityToken") ?? bearerToken;
            if (string.IsNullOrEmpty(token))
            {
                throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "request: credentials.oidcIdentityToken is missing");
            }

            var pkr = Path(root, "publicKeyRequest") ?? Path(root, "public_key_request");
            byte[]? spki = null, proof = null;
            if (pkr is { } p)
            {
                var content = String(Path(p, "publicKey", "content") ?? Path(p, "public_key", "content"), "publicKeyRequest.publicKey.content")
                    ?? throw new CaRequestRejectedException(CaRejection.InvalidRequest, "request: publicKeyRequest.publicKey.content is missing");
                spki = ReadPublicKey(content);
                var pop = String(Path(p, "proofOfPossession") ?? Path(p, "proof_of_possession"), "publicKeyRequest.proofOfPossession");
                proof = pop is null ? null : Base64(pop, "publicKeyRequest.proofOfPossession");
            }

            var csrField = String(Path(root, "certificateSigningRequest") ?? Path(root, "certificate_signing_request"), "certificateSigningRequest");
            string? csr = null;
            if (!string.IsNullOrEmpty(csrField))
            {
                // A proto 'bytes' field: base64 of the PEM. A bare PEM string is accepted too.
                csr = csrField.Contains("-----BEGIN", StringComparison.Ordinal) ? csrField : Encoding.UTF8.GetString(Base64(csrField, "certificateSigningRequest"));
            }

            return new SigningCertificateRequest(token, spki, proof, csr);
        }
    }

    public static string SigningCertificate(IEnumerable<byte[]> certificates) => Write(w =>
    {
        w.WriteStartObject("signedCertificateEmbeddedSct");
        w.WriteStartObject("chain");
        WriteCertificates(w, certificates);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string TrustBundle(IEnumerable<byte[]> chain) => Write(w =>
    {
        w.WriteStartArray("chains");
        w.WriteStartObject();
        WriteCertificates(w, chain);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>fulcio.proto <c>Configuration{issuers[{issuerUrl | wildcardIssuerUrl, audience, challengeClaim, spiffeTrustDomain}]}</c>.</summary>
    public static string Configuration(IssuerConfiguration config) => Write(w =>
    {
        w.WriteStartArray("issuers");
        foreach (var i in config.Issuers.OrderBy(i => i.IssuerUrl, StringComparer.Ordinal))
        {
            WriteIssuer(w, "issuerUrl", i.IssuerUrl, i);
        }

        foreach (var m in config.MetaIssuers)
        {
            WriteIssuer(w, "wildcardIssuerUrl", m.Pattern, m.Template);
        }

        w.WriteEndArray();
    });

    /// <summary>Fulcio's error body (grpc-gateway status: code, message, details) with RFC 9457 fields alongside.</summary>
    public static string Error(int status, int grpcCode, string message, string instance) => Write(w =>
    {
        w.WriteNumber("code", grpcCode);
        w.WriteString("message", message);
        w.WriteStartArray("details");
        w.WriteEndArray();
        w.WriteString("type", "about:blank");
        w.WriteString("title", status == 401 ? "Unauthorized" : "Bad Request");
        w.WriteNumber("status", status);
        w.WriteString("detail", message);
        w.WriteString("instance", instance);
    });

    private static void WriteIssuer(Utf8JsonWriter w, string urlField, string url, OidcIssuer issuer)
    {
        w.WriteStartObject();
        w.WriteString(urlField, url);
        w.WriteString("audience", issuer.ClientId);
        w.WriteString("challengeClaim", issuer.EffectiveChallengeClaim);
        if (issuer.SpiffeTrustDomain is { } td)
        {
            w.WriteString("spiffeTrustDomain", td);
        }

        w.WriteEndObject();
    }

    private static void WriteCertificates(Utf8JsonWriter w, IEnumerable<byte[]> certificates)
    {
        w.WriteStartArray("certificates");
        foreach (var c in certificates)
        {
            w.WriteStringValue(new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", c)) + "\n");
        }

        w.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static byte[] ReadPublicKey(string content)
    {
        if (content.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                var fields = System.Security.Cryptography.PemEncoding.Find(content);
                if (content[fields.Label] != "PUBLIC KEY")
                {
                    throw new CaRequestRejectedException(CaRejection.InvalidRequest, $"publicKeyRequest.publicKey.content: PEM label is '{content[fields.Label]}', not PUBLIC KEY");
                }

                return Convert.FromBase64String(content[fields.Base64Data]);
            }
            catch (ArgumentException e)
            {
                throw new CaRequestRejectedException(CaRejection.InvalidRequest, "publicKeyRequest.publicKey.content: not PEM", e);
            }
        }

        return Base64(content, "publicKeyRequest.publicKey.content");
    }

    private static JsonElement? Path(JsonElement e, params string[] names)
    {
        foreach (var n in names)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(n, out e))
            {
                return null;
            }
        }

        return e;
    }

    private static string? String(JsonElement? e, string what) => e switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => throw new CaRequestRejectedException(CaRejection.InvalidRequest, $"request: {what} is not a string"),
    };

    private static byte[] Base64(string s, string what)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException e)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidRequest, $"request: {what} is not base64", e);
        }
    }
}
