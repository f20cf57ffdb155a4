using Signet.Core.Bundles;
using Signet.Core.Encoding;

namespace Signet.Server.Trust;

/// <summary>
/// The keys and chains of this server whose window in its own trusted root opens after its clock's time: what they
/// sign now verifies nowhere (a verifier checks a signature's time against that window, client-spec §4), so the
/// server says so when it starts. The usual cause is a clock set back after the first start, or trust material made
/// on a machine whose clock ran ahead; the CA and TSA then refuse to sign (503) until their chain is valid, and the
/// logs to log until their keys' windows open (<see cref="KeyWindowGate"/>).
/// </summary>
internal static class ClockAgainstTrust
{
    /// <summary>One line for each current (not retired) key or chain of <paramref name="root"/> not valid yet at <paramref name="now"/>.</summary>
    public static IEnumerable<string> NotYetValid(TrustedRoot root, DateTimeOffset now)
    {
        var windows = root.Tlogs.Select(t => ($"the transparency log key {Hex(t.LogId)}", t.PublicKey.ValidFor))
            .Concat(root.Ctlogs.Select(t => ($"the CT log key {Hex(t.LogId)}", t.PublicKey.ValidFor)))
            .Concat(root.CertificateAuthorities.Select(c => ($"the certificate authority {c.Subject.CommonName}", c.ValidFor)))
            .Concat(root.TimestampAuthorities.Select(c => ($"the timestamp authority {c.Subject.CommonName}", c.ValidFor)));
        foreach (var (what, validFor) in windows)
        {
            if (validFor is { End: null } open && open.Start > now)
            {
                yield return $"this machine's clock says {Rfc3339.Seconds(now)}, before {what} is valid in trusted_root.json ({Rfc3339.Seconds(open.Start)}): "
                    + "nothing it signs until then will verify — is the clock behind?";
            }
        }
    }

    private static string Hex(byte[] logId) => Convert.ToHexStringLower(logId.AsSpan(0, Math.Min(8, logId.Length)));
}
