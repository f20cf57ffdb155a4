using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Tsa;

namespace Signet.Cli.Tests.Rotation;

/// <summary>
/// What a holder of a rotated-out key could still make after the rotation: a bundle whose log entry claims a later
/// integrated time under a re-made signed entry timestamp, or whose timestamp a retired TSA key signed later. Both are
/// signed correctly; only the key's closed validity window tells them apart.
/// </summary>
internal static class RetiredKeyForgery
{
    /// <summary>The bundle with its first log entry's integrated time set to <paramref name="at"/> and its SET re-signed by <paramref name="logKeyPem"/>.</summary>
    public static string WithIntegratedTime(string bundlePath, DateTimeOffset at, string logKeyPem, string outPath)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(bundlePath))!;
        var entry = bundle["verificationMaterial"]!["tlogEntries"]![0]!;
        var time = at.ToUnixTimeSeconds();
        entry["integratedTime"] = time.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var key = SigningKey.FromPem(logKeyPem);
        var set = Signet.Core.Rekor.SignedEntryTimestamp.Sign(
            key,
            Convert.FromBase64String((string)entry["canonicalizedBody"]!),
            time,
            Convert.FromBase64String((string)entry["logId"]!["keyId"]!),
            long.Parse((string)entry["logIndex"]!, System.Globalization.CultureInfo.InvariantCulture));
        entry["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(set) };
        File.WriteAllText(outPath, bundle.ToJsonString());
        return outPath;
    }

    /// <summary>The bundle with its RFC 3161 timestamp replaced by one the retired TSA (chain and key PEM) signs at <paramref name="at"/>.</summary>
    public static string WithTimestamp(string bundlePath, DateTimeOffset at, string chainPem, string keyPem, string outPath)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(bundlePath))!;
        var signature = Convert.FromBase64String((string)bundle["messageSignature"]!["signature"]!);
        using var credentials = TsaCredentials.Load(chainPem, keyPem);
        var tsa = new TimestampAuthority(credentials, new FixedTime(at));
        var token = tsa.CreateToken(new TimestampQuery(HashAlgorithmName.SHA256, "2.16.840.1.101.3.4.2.1", SHA256.HashData(signature), null, null, true));
        bundle["verificationMaterial"]!["timestampVerificationData"] = new JsonObject
        {
            ["rfc3161Timestamps"] = new JsonArray(new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(token) }),
        };
        File.WriteAllText(outPath, bundle.ToJsonString());
        return outPath;
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
