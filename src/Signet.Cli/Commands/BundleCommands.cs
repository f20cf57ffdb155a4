using System.CommandLine;
using System.Globalization;
using System.Text;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Json;
using Signet.Core.Timestamps;

namespace Signet.Cli.Commands;

/// <summary><c>signet bundle inspect B</c>: what a bundle claims (identity, issuer, times, log entries, proofs), nothing verified; <c>signet bundle convert</c> (<see cref="BundleConvertCommand"/>).</summary>
internal static class BundleCommands
{
    public static Command Create(TimeProvider time)
    {
        var bundle = new Command("bundle", "Work with Sigstore bundles.");
        var path = new Argument<string>("bundle") { Description = "The bundle JSON file" };
        var json = new Option<bool>("--json") { Description = "Machine-readable JSON output" };
        var inspect = new Command("inspect", "Show what a bundle claims: identity, issuer, times, log entries and which proofs it carries (does not verify).");
        inspect.Add(path);
        inspect.Add(json);
        inspect.SetRunner(p =>
        {
            var b = Bundle.Parse(CliFiles.Read(p.GetRequiredValue(path), "bundle", Bundle.MaxSize));
            var facts = BundleFacts.Of(b);
            p.InvocationConfiguration.Output.WriteLine(p.GetValue(json) ? facts.ToJson() : facts.ToText());
            return ExitCodes.Success;
        });
        bundle.Add(inspect);
        bundle.Add(BundleConvertCommand.Create(time));
        return bundle;
    }
}

/// <summary>The claims of a bundle, read without verifying anything.</summary>
internal sealed record BundleFacts(
    string MediaType,
    string Content,
    string Material,
    string? Identity,
    string? Issuer,
    DateTimeOffset? CertificateNotBefore,
    DateTimeOffset? CertificateNotAfter,
    IReadOnlyList<DateTimeOffset> TimestampTimes,
    IReadOnlyList<BundleFacts.Entry> Entries)
{
    public sealed record Entry(long LogIndex, string LogId, string Kind, string Version, DateTimeOffset? IntegratedTime, bool HasSignedEntryTimestamp, bool HasInclusionProof, bool HasCheckpoint, long? TreeSize);

    public static BundleFacts Of(Bundle b)
    {
        var m = b.VerificationMaterial;
        string? identity = null, issuer = null;
        DateTimeOffset? nb = null, na = null;
        if (m.LeafCertificate is { } der)
        {
            var cert = CertificateDecoder.Load(der, "bundle signing certificate");
            var f = FulcioCertificate.From(cert);
            identity = f.SubjectAlternativeName;
            issuer = f.Issuer;
            nb = CertificateDecoder.NotBefore(cert);
            na = CertificateDecoder.NotAfter(cert);
        }

        var times = m.Rfc3161Timestamps.Select((t, i) => TimestampResponse.ReadTokenInfo(t.SignedTimestamp, $"timestamp {i}").Timestamp).ToArray();
        var entries = m.TlogEntries.Select(e => new Entry(
            e.LogIndex,
            Convert.ToBase64String(e.LogId),
            e.KindVersion.Kind,
            e.KindVersion.Version,
            e.IntegratedTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(e.IntegratedTime) : null,
            e.SignedEntryTimestamp is not null,
            e.InclusionProof is not null,
            e.InclusionProof?.Checkpoint is not null,
            e.InclusionProof?.TreeSize)).ToArray();
        return new BundleFacts(
            b.MediaType,
            b.MessageSignature is not null ? "messageSignature" : $"dsseEnvelope ({b.DsseEnvelope!.PayloadType})",
            m.PublicKey is not null ? "publicKey" : m.Certificate is not null ? "certificate" : $"x509CertificateChain ({m.X509CertificateChain!.Count})",
            identity,
            issuer,
            nb,
            na,
            times,
            entries);
    }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"media type:   {PrintableText.Escape(MediaType)}");
        sb.AppendLine(c, $"content:      {Content}");
        sb.AppendLine(c, $"material:     {Material}");
        if (Identity is not null || Issuer is not null)
        {
            sb.AppendLine(c, $"identity:     {PrintableText.Escape(Identity ?? "(none)")}");
            sb.AppendLine(c, $"issuer:       {PrintableText.Escape(Issuer ?? "(none)")}");
            sb.AppendLine(c, $"certificate:  valid {CertificateNotBefore:yyyy-MM-ddTHH:mm:ssZ} to {CertificateNotAfter:yyyy-MM-ddTHH:mm:ssZ}");
        }

        foreach (var t in TimestampTimes)
        {
            sb.AppendLine(c, $"timestamp:    {t:yyyy-MM-ddTHH:mm:ss.fffZ} (RFC 3161)");
        }

        foreach (var e in Entries)
        {
            sb.AppendLine(c, $"tlog entry:   index {e.LogIndex}, {PrintableText.Escape(e.Kind)} {PrintableText.Escape(e.Version)}, log {e.LogId}");
            if (e.IntegratedTime is { } it)
            {
                sb.AppendLine(c, $"  integrated: {it:yyyy-MM-ddTHH:mm:ssZ}");
            }

            sb.AppendLine(c, $"  proofs:     {(e.HasSignedEntryTimestamp ? "signed entry timestamp" : "no SET")}, {(e.HasInclusionProof ? $"inclusion proof (tree size {e.TreeSize}){(e.HasCheckpoint ? " with checkpoint" : " without checkpoint")}" : "no inclusion proof")}");
        }

        sb.Append("(inspect only reads the bundle; use `signet verify` to verify it)");
        return sb.ToString();
    }

    public string ToJson() => ResultJson.Write(w =>
    {
        w.WriteString("mediaType", MediaType);
        w.WriteString("content", Content);
        w.WriteString("material", Material);
        w.WriteString("identity", Identity);
        w.WriteString("issuer", Issuer);
        if (CertificateNotBefore is { } nb)
        {
            w.WriteString("certificateNotBefore", nb);
            w.WriteString("certificateNotAfter", CertificateNotAfter!.Value);
        }

        w.WriteStartArray("rfc3161Timestamps");
        foreach (var t in TimestampTimes)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        w.WriteObjectArray("tlogEntries", Entries, e =>
        {
            w.WriteNumber("logIndex", e.LogIndex);
            w.WriteString("logId", e.LogId);
            w.WriteString("kind", e.Kind);
            w.WriteString("version", e.Version);
            if (e.IntegratedTime is { } it)
            {
                w.WriteString("integratedTime", it);
            }

            w.WriteBoolean("signedEntryTimestamp", e.HasSignedEntryTimestamp);
            w.WriteBoolean("inclusionProof", e.HasInclusionProof);
            w.WriteBoolean("checkpoint", e.HasCheckpoint);
        });
    });
}
