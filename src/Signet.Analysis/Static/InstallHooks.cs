using System.Text;
using Signet.Analysis.Packages;

namespace Signet.Analysis.Static;

/// <summary>
/// What runs when a package is installed (or, for NuGet, built): npm lifecycle scripts and <c>binding.gyp</c>, a PyPI sdist's
/// <c>setup.py</c> and <c>.pth</c> files, NuGet <c>tools/install.ps1</c>/<c>init.ps1</c> and build targets, gem native
/// extensions. Adds the hook findings and returns the files whose code runs at install time, for
/// <see cref="Rules.InstallTimeBehaviour"/>.
/// </summary>
internal static class InstallHooks
{
    public static HashSet<string> Find(PackageContents package, Func<string, FileFacts> factsOf)
    {
        var installTime = new HashSet<string>(StringComparer.Ordinal);
        var root = PackageReader.RootOf(package);
        switch (package.Ecosystem)
        {
            case Ecosystem.Npm:
                Npm(package, root, factsOf, installTime);
                break;
            case Ecosystem.PyPI:
                if (package.Find(root + "setup.py") is { } setup && root.Length > 0)
                {
                    factsOf(setup.Path).Add(Rules.SetupPy, Severity.Low, "setup.py runs at pip install of the sdist");
                    installTime.Add(setup.Path);
                }

                foreach (var pth in package.Files.Where(f => f.Extension == ".pth"))
                {
                    Pth(pth, factsOf(pth.Path), installTime);
                }

                break;
            case Ecosystem.NuGet:
                foreach (var ps in package.Files.Where(f => f.Path.Equals("tools/install.ps1", StringComparison.OrdinalIgnoreCase) || f.Path.Equals("tools/init.ps1", StringComparison.OrdinalIgnoreCase)))
                {
                    factsOf(ps.Path).Add(Rules.InstallScript, Severity.Medium, $"{ps.Name} runs when the package is installed in Visual Studio");
                    installTime.Add(ps.Path);
                }

                foreach (var targets in package.Files.Where(MsBuildTargets.IsBuildFile))
                {
                    if (MsBuildTargets.Check(targets, factsOf(targets.Path)))
                    {
                        installTime.Add(targets.Path);
                    }
                }

                break;
            case Ecosystem.RubyGems:
                if (package.Find("metadata.yaml") is { } meta && GemSpecification.Parse(PackageReader.Utf8(meta)) is { Extensions.Count: > 0 } spec)
                {
                    factsOf(meta.Path).Add(Rules.InstallScript, Severity.Medium, "native extensions built at gem install: " + string.Join(", ", spec.Extensions));
                    foreach (var ext in spec.Extensions)
                    {
                        installTime.Add(ext);
                    }
                }

                break;
        }

        return installTime;
    }

    private static void Npm(PackageContents package, string root, Func<string, FileFacts> factsOf, HashSet<string> installTime)
    {
        if (package.Find(root + "package.json") is not { } manifestFile)
        {
            return;
        }

        var manifest = NpmManifest.Parse(manifestFile.Content, manifestFile.Path);
        var facts = factsOf(manifestFile.Path);
        var hasInstall = false;
        foreach (var name in NpmManifest.InstallScripts)
        {
            if (!manifest.Scripts.TryGetValue(name, out var command))
            {
                continue;
            }

            hasInstall |= name is "install" or "preinstall";
            facts.Add(Rules.InstallScript, Severity.Medium, $"{name}: {command}");
            Indicators.Scan(command, Indicators.Context.Shell, facts);
            installTime.Add(manifestFile.Path);
            foreach (var file in ScriptFiles(command))
            {
                installTime.Add(root + file);
            }
        }

        // npm: a package with binding.gyp and no install/preinstall script gets "install": "node-gyp rebuild".
        if (package.Find(root + "binding.gyp") is { } gyp && !hasInstall)
        {
            factsOf(gyp.Path).Add(Rules.NativeBuild, Severity.Low, "binding.gyp: npm runs node-gyp rebuild at install");
        }
    }

    /// <summary>The package files a lifecycle command names: <c>node install.js</c>, <c>sh ./scripts/x.sh</c>, <c>python setup.py</c>.</summary>
    internal static IEnumerable<string> ScriptFiles(string command)
    {
        foreach (var word in command.Split([' ', '\t', '&', '|', ';', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            var w = word.StartsWith("./", StringComparison.Ordinal) ? word[2..] : word;
            if (w.EndsWith(".js", StringComparison.Ordinal) || w.EndsWith(".cjs", StringComparison.Ordinal) || w.EndsWith(".mjs", StringComparison.Ordinal)
                || w.EndsWith(".sh", StringComparison.Ordinal) || w.EndsWith(".py", StringComparison.Ordinal))
            {
                yield return w;
            }
        }
    }

    /// <summary>site.py: a .pth line that starts with <c>import</c> (then a space or tab) is executed at every interpreter start.</summary>
    private static void Pth(PackageFile pth, FileFacts facts, HashSet<string> installTime)
    {
        var text = Encoding.UTF8.GetString(pth.Content.Span);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("import ", StringComparison.Ordinal) || line.StartsWith("import\t", StringComparison.Ordinal))
            {
                facts.Add(Rules.PthExec, Severity.Medium, line);
                installTime.Add(pth.Path);
                PythonScanner.Scan(line, facts);
            }
        }
    }
}
