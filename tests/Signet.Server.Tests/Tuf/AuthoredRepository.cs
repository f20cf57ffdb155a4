using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Server.Tests.Tuf;

/// <summary>
/// A repository authored as with <c>signet tuf init</c> before the server starts: its root/targets key stays with the
/// test (offline), only the online key is in <c>DATA/keys</c>; the server serves and refreshes it but never changes
/// its targets.
/// </summary>
public static class AuthoredRepository
{
    public static void Create(string dataDirectory, byte[] trustedRoot, TimeProvider? time = null)
    {
        Directory.CreateDirectory(Path.Combine(dataDirectory, "keys"));
        var onlinePath = Path.Combine(dataDirectory, "keys", "tuf-online.pem");
        using var online = SigningKey.GenerateEcdsaP256();
        File.WriteAllText(onlinePath, Pem.Encode("PRIVATE KEY", online.ExportPkcs8()));
        using var offline = SigningKey.GenerateEd25519();
        var offlineRole = new RoleKeys([TufKey.FromVerificationKey(offline.PublicKey)], 1);
        var onlineRole = new RoleKeys([TufKey.FromVerificationKey(online.PublicKey)], 1);
        var repo = TufRepository.Init(Path.Combine(dataDirectory, "tuf"), new RepositorySettings { OnlineKeyPath = onlinePath },
            new Dictionary<string, RoleKeys> { ["root"] = offlineRole, ["targets"] = offlineRole, ["snapshot"] = onlineRole, ["timestamp"] = onlineRole },
            time);
        repo.AddTarget("trusted_root.json", trustedRoot);
        repo.Sign("root", offline);
        repo.Sign("targets", offline);
        repo.Publish(online);
    }
}
