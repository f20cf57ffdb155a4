using Signet.Analysis.Packages;
using Signet.Analysis.Static;
using Signet.Analysis.Tests.Samples;
using static Signet.Analysis.Tests.Static.RuleAssert;

namespace Signet.Analysis.Tests.Static;

/// <summary>native-binary, disguised-binary, typosquat.</summary>
public sealed class BinaryAndNameRuleTests
{
    [Fact]
    public void An_elf_binary_in_an_npm_package_outside_prebuilds_is_medium()
        => Has(Analyze(SamplePackage.Npm().File("lib/helper", SamplePackage.Elf())), Rules.NativeBinary, Severity.Medium, "package/lib/helper");

    [Fact]
    public void Native_libraries_where_the_ecosystem_expects_them_are_low()
    {
        Has(Analyze(SamplePackage.NuGet().File("runtimes/linux-x64/native/libsample.so", SamplePackage.Elf()).File("lib/net8.0/Sample.dll", SamplePackage.Pe())),
            Rules.NativeBinary, Severity.Low, "runtimes/linux-x64/native/libsample.so");
        Has(Analyze(SamplePackage.Npm().File("prebuilds/linux-x64/sample.node", SamplePackage.Elf())), Rules.NativeBinary, Severity.Low);
        Has(Analyze(SamplePackage.Wheel().File("sample_pkg/_speedups.cpython-311-x86_64-linux-gnu.so", SamplePackage.Elf())), Rules.NativeBinary, Severity.Low);
    }

    [Fact]
    public void An_executable_named_as_an_image_is_disguised()
        => Has(Analyze(SamplePackage.Npm().File("assets/logo.png", SamplePackage.Elf())), Rules.DisguisedBinary, Severity.High, "package/assets/logo.png");

    [Fact]
    public void A_pe_named_as_a_script_is_disguised()
        => Has(Analyze(SamplePackage.Wheel().File("sample_pkg/util.py", SamplePackage.Pe())), Rules.DisguisedBinary, Severity.High);

    [Fact]
    public void Text_starting_with_MZ_is_not_a_pe()
        => Assert.Null(NativeBinaries.Kind("MZ is a postcode area; nothing here points at a PE header at all, not even close."u8));

    [Theory]
    [InlineData(Ecosystem.Npm, "lodahs", "lodash")]
    [InlineData(Ecosystem.Npm, "expresss", "express")]
    [InlineData(Ecosystem.Npm, "reactt", "react")]
    [InlineData(Ecosystem.PyPI, "reqeusts", "requests")]
    [InlineData(Ecosystem.PyPI, "python_dateutils", "python-dateutil")]
    [InlineData(Ecosystem.NuGet, "Newtonsoft.Jsoon", "newtonsoft.json")]
    [InlineData(Ecosystem.RubyGems, "raills", "rails")]
    public void Names_one_edit_from_a_popular_package_are_typosquats(Ecosystem ecosystem, string name, string popular)
        => Assert.Equal(popular, Typosquat.Target(ecosystem, name));

    [Theory]
    [InlineData(Ecosystem.Npm, "lodash")]
    [InlineData(Ecosystem.Npm, "left-pad")]
    [InlineData(Ecosystem.PyPI, "Requests")]
    [InlineData(Ecosystem.NuGet, "newtonsoft.json")]
    public void Popular_names_and_unrelated_names_are_not_typosquats(Ecosystem ecosystem, string name)
        => Assert.Null(Typosquat.Target(ecosystem, name));

    [Fact]
    public void The_typosquat_rule_reports_the_package_name()
    {
        var f = Has(Analyze(SamplePackage.Npm(name: "chalkk")), Rules.Typosquat, Severity.Medium);
        Assert.Contains("'chalk'", f.Evidence);
    }

    [Theory]
    [InlineData("abc", "acb", true)]
    [InlineData("abc", "abcd", true)]
    [InlineData("abc", "xbc", true)]
    [InlineData("abc", "abc", false)]
    [InlineData("abc", "bca", false)]
    [InlineData("abcd", "ab", false)]
    public void One_edit_is_optimal_string_alignment_distance_one(string a, string b, bool expected)
        => Assert.Equal(expected, Typosquat.WithinOneEdit(a, b));
}
