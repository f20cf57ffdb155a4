using Signet.Admission.Policies;
using Signet.Core;
using static Signet.Admission.Tests.Policies;

namespace Signet.Admission.Tests;

/// <summary>Policy sets: a directory as a ConfigMap mounts it, selection by glob, versions, and refusals.</summary>
public sealed class PolicySetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-policies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_matching_policy_applies_and_versions_follow_the_files()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), Cip("everything", Static(true)));
        File.WriteAllText(Path.Combine(_dir, "b.yml"), Cip("shop", Static(false), glob: "registry.example.com/shop/**"));
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not a policy");
        Directory.CreateDirectory(Path.Combine(_dir, "..data")); // a ConfigMap volume's machinery
        var set = PolicySet.Load(_dir);
        Assert.Equal(["everything", "shop"], set.For("registry.example.com/shop/web:v1").Select(p => p.Policy.Name).ToArray());
        Assert.Equal(["everything"], set.For("registry.example.com/other/web:v1").Select(p => p.Policy.Name).ToArray());

        var version = set.Policies[1].Version;
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), Cip("everything", Static(false)));
        var next = PolicySet.Load(_dir);
        Assert.NotEqual(set.Fingerprint, next.Fingerprint);
        Assert.NotEqual(set.Policies[0].Version, next.Policies[0].Version);
        Assert.Equal(version, next.Policies[1].Version); // an unchanged file keeps its cached results
    }

    [Fact]
    public void A_name_in_two_files_an_invalid_file_and_a_missing_path_are_refused()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), Cip("same", Static(true)));
        File.WriteAllText(Path.Combine(_dir, "b.yaml"), Cip("same", Static(true)));
        Assert.Contains("'same' is defined in", Assert.Throws<SignetFormatException>(() => PolicySet.Load(_dir)).Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_dir, "b.yaml"), "kind: ClusterImagePolicy\nspec:\n  mode: garbage\n");
        Assert.Contains("b.yaml", Assert.Throws<SignetFormatException>(() => PolicySet.Load(_dir)).Message, StringComparison.Ordinal);

        Assert.Throws<SignetConfigurationException>(() => PolicySet.Load(Path.Combine(_dir, "missing")));
    }
}
