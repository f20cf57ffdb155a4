using System.Text;
using System.Text.Json;
using Signet.Analysis.Dynamic;
using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;
using Signet.Core.Json;

namespace Signet.Analysis;

/// <summary>
/// The JSON form of an <see cref="AnalysisReport"/>: <c>package</c>, <c>verdict</c>, <c>findings[]</c> (rule, severity,
/// file, evidence), <c>provenance</c>, and <c>dynamic</c>. Inside <c>dynamic.analysis</c> each phase (<c>install</c>,
/// <c>import</c>) is written exactly as OpenSSF package-analysis writes a <c>StraceSummary</c> (pkg/api/analysisrun:
/// <c>Status</c>, <c>Stdout</c>, <c>Stderr</c>, <c>Files[{Path,Read,Write,Delete}]</c>, <c>Sockets[{Address,Port,Hostnames}]</c>,
/// <c>Commands[{Command,Environment}]</c>, <c>DNS[{Class,Queries[{Hostname,Types}]}]</c>), so their tooling reads it as is.
/// </summary>
public static class ReportJson
{
    public static string Write(AnalysisReport report, bool indented = true)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(w, report);
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    public static void Write(Utf8JsonWriter w, AnalysisReport report)
    {
        w.WriteStartObject();
        w.WriteStartObject("package");
        w.WriteString("ecosystem", report.Ecosystem.Name());
        w.WriteString("name", report.Name);
        w.WriteString("version", report.Version);
        w.WriteNumber("bytes", report.Bytes);
        w.WriteEndObject();
        w.WriteString("created", report.Created);
        w.WriteString("verdict", report.Verdict.Name());
        w.WriteObjectArray("findings", report.Findings, f =>
        {
            w.WriteString("rule", f.Rule);
            w.WriteString("severity", f.Severity.Name());
            w.WriteString("file", f.File);
            w.WriteString("evidence", f.Evidence);
        });
        Provenance(w, report.Provenance);
        if (report.Dynamic is { } d)
        {
            Dynamic(w, d);
        }

        w.WriteEndObject();
    }

    private static void Provenance(Utf8JsonWriter w, ProvenanceSummary p)
    {
        w.WriteStartObject("provenance");
        w.WriteString("status", p.Status.ToString().ToLowerInvariant());
        if (p.SourceRepository is not null)
        {
            w.WriteString("sourceRepository", p.SourceRepository);
        }

        if (p.Builder is not null)
        {
            w.WriteString("builder", p.Builder);
        }

        w.WriteNumber("bundles", p.Bundles);
        if (p.Detail is not null)
        {
            w.WriteString("detail", p.Detail);
        }

        w.WriteEndObject();
    }

    private static void Dynamic(Utf8JsonWriter w, DynamicTrace d)
    {
        w.WriteStartObject("dynamic");
        w.WriteStartObject("limits");
        w.WriteNumber("wallClockSeconds", d.Limits.WallClock.TotalSeconds);
        w.WriteNumber("cpuSeconds", d.Limits.CpuSeconds);
        w.WriteNumber("dataBytes", d.Limits.DataBytes);
        w.WriteNumber("fileBytes", d.Limits.FileBytes);
        w.WriteNumber("processes", d.Limits.Processes);
        w.WriteEndObject();
        w.WriteStringArray("canaries", d.Canaries);
        w.WriteStartObject("analysis");
        foreach (var phase in d.Phases)
        {
            w.WritePropertyName(phase.Phase);
            Phase(w, phase);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>One phase in OpenSSF's <c>StraceSummary</c> shape (their Go field names).</summary>
    private static void Phase(Utf8JsonWriter w, PhaseTrace p)
    {
        w.WriteStartObject();
        w.WriteString("Status", p.Status);
        if (p.ExitCode is { } code)
        {
            w.WriteNumber("ExitCode", code);
        }

        w.WriteString("Stdout", p.Stdout);
        w.WriteString("Stderr", p.Stderr);
        w.WriteObjectArray("Files", p.Files, f =>
        {
            w.WriteString("Path", f.Path);
            w.WriteBoolean("Read", f.Read);
            w.WriteBoolean("Write", f.Write);
            w.WriteBoolean("Delete", f.Delete);
        });
        w.WriteObjectArray("Sockets", p.Sockets, s =>
        {
            w.WriteString("Address", s.Address);
            w.WriteNumber("Port", s.Port);
            w.WriteStringArray("Hostnames", s.Hostnames);
        });
        w.WriteObjectArray("Commands", p.Commands, c =>
        {
            w.WriteStringArray("Command", c.Command);
            w.WriteStringArray("Environment", c.Environment);
        });
        w.WriteObjectArray("DNS", p.Dns.GroupBy(q => q.Class), byClass =>
        {
            w.WriteString("Class", byClass.Key);
            w.WriteObjectArray("Queries", byClass.GroupBy(q => q.Hostname), byName =>
            {
                w.WriteString("Hostname", byName.Key);
                w.WriteStringArray("Types", byName.Select(q => q.Type).Distinct());
            });
        });
        w.WriteEndObject();
    }
}
