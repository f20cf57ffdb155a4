using System.Globalization;
using System.Text;
using Signet.Core.Json;
using Signet.Packages.NuGet;

namespace Signet.Cli.Commands.Ecosystems;

/// <summary>The text and <c>--json</c> forms of <c>signet nuget verify</c>'s per-file report.</summary>
internal static class NuGetReport
{
    public static string Text(IReadOnlyList<NuGetVerification> reports)
    {
        var sb = new StringBuilder();
        foreach (var r in reports)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Id} {r.Version}: {(r.Verified ? "verified" : "NOT verified")}");
            foreach (var f in r.Files)
            {
                var detail = f.Status == NuGetFileStatus.Verified && f.Result is { } result
                    ? "signed by " + ResultText.Signer(result)
                    : f.Reason;
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {Word(f.Status),-9} {f.Path}: {detail}");
            }
        }

        return sb.ToString().TrimEnd();
    }

    public static string Json(IReadOnlyList<NuGetVerification> reports) => ResultJson.Write(w =>
    {
        w.WriteBoolean("verified", reports.All(r => r.Verified));
        w.WriteObjectArray("packages", reports, r =>
        {
            w.WriteString("id", r.Id);
            w.WriteString("version", r.Version);
            w.WriteBoolean("verified", r.Verified);
            w.WriteBoolean("requireAll", r.RequireAll);
            w.WriteObjectArray("files", r.Files, f =>
            {
                w.WriteString("path", f.Path);
                w.WriteString("bundle", f.BundlePath);
                w.WriteString("status", Word(f.Status));
                if (f.Result?.Certificate is { } c)
                {
                    w.WriteString("identity", c.SubjectAlternativeName);
                    w.WriteString("issuer", c.Issuer);
                }
                else if (f.Result is { } key)
                {
                    w.WriteString("publicKeyHint", key.PublicKeyHint);
                }

                if (f.Reason is not null)
                {
                    w.WriteString("reason", f.Reason);
                }
            });
        });
    });

    private static string Word(NuGetFileStatus s) => s switch
    {
        NuGetFileStatus.Verified => "verified",
        NuGetFileStatus.Refused => "refused",
        NuGetFileStatus.Invalid => "invalid",
        NuGetFileStatus.MissingBundle => "unsigned",
        _ => "no bundle",
    };
}
