using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core.Keys;

namespace Signet.Server.Tests.Log;

/// <summary>Signed log requests and JSON helpers for the HTTP tests.</summary>
public static class LogRequests
{
    public static readonly SigningKey Key = SigningKey.GenerateEcdsaP256();

    public static JsonObject HashedRekordV001(byte[] artifact) => new()
    {
        ["kind"] = "hashedrekord",
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject
        {
            ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(artifact)) } },
            ["signature"] = new JsonObject
            {
                ["content"] = Convert.ToBase64String(Key.Sign(artifact)),
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key.PublicKey.ToPem())) },
            },
        },
    };

    public static JsonObject HashedRekordV002(byte[] artifact) => new()
    {
        ["hashedRekordRequestV002"] = new JsonObject
        {
            ["digest"] = Convert.ToBase64String(SHA256.HashData(artifact)),
            ["signature"] = new JsonObject
            {
                ["content"] = Convert.ToBase64String(Key.Sign(artifact)),
                ["verifier"] = new JsonObject
                {
                    ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(Key.PublicKey.SpkiDer) },
                    ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256",
                },
            },
        },
    };

    public static async Task<(HttpResponseMessage Response, JsonElement Json)> PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var r = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Json)> GetAsync(HttpClient http, string path)
    {
        var r = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await r.Content.ReadAsStringAsync();
        return (r, r.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
