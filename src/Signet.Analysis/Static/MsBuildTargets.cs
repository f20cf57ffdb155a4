using System.Xml;

namespace Signet.Analysis.Static;

/// <summary>
/// NuGet imports <c>build/</c>, <c>buildTransitive/</c> and <c>buildMultiTargeting/</c> <c>.props</c>/<c>.targets</c> into every
/// project that references the package, so their tasks run at the consumer's build. An <c>Exec</c> task runs a command; a
/// <c>UsingTask</c> with <c>RoslynCodeTaskFactory</c>/<c>CodeTaskFactory</c> compiles and runs inline code.
/// </summary>
internal static class MsBuildTargets
{
    private static readonly string[] BuildFolders = ["build/", "buildtransitive/", "buildmultitargeting/", "buildcrosstargeting/"];

    public static bool IsBuildFile(PackageFile f)
    {
        var p = f.Path.ToLowerInvariant();
        return (p.EndsWith(".targets", StringComparison.Ordinal) || p.EndsWith(".props", StringComparison.Ordinal)) && BuildFolders.Any(p.StartsWith);
    }

    /// <summary>Adds the findings of one build file; true when it runs commands or code.</summary>
    public static bool Check(PackageFile file, FileFacts facts)
    {
        XmlDocument doc;
        try
        {
            doc = PackageXml.Load(file.Content);
        }
        catch (XmlException e)
        {
            // MSBuild refuses the file too, so nothing in it runs; say so rather than skip silently.
            facts.Add(Rules.MsBuildExec, Severity.Low, $"not valid XML, MSBuild would fail on it ({e.Message})");
            return false;
        }

        var runs = false;
        foreach (var e in doc.GetElementsByTagName("*").OfType<XmlElement>())
        {
            if (e.LocalName == "Exec")
            {
                var command = e.GetAttribute("Command");
                facts.Add(Rules.MsBuildExec, Severity.Medium, "Exec: " + command);
                Indicators.Scan(command, Indicators.Context.Shell, facts);
                runs = true;
            }
            else if (e.LocalName == "UsingTask" && e.GetAttribute("TaskFactory").Contains("CodeTaskFactory", StringComparison.Ordinal))
            {
                facts.Add(Rules.MsBuildExec, Severity.Medium, $"inline task {e.GetAttribute("TaskName")} ({e.GetAttribute("TaskFactory")})");
                Indicators.Scan(e.InnerText, Indicators.Context.Shell, facts);
                runs = true;
            }
        }

        return runs;
    }
}
