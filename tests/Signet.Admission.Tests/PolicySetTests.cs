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
    public async Task The_watcher_swaps_a_valid_change_in_and_keeps_the_set_when_a_change_is_invalid()
    {
        var file = Path.Combine(_dir, "policy.yaml");
        File.WriteAllText(file, Cip("first", Static(true)));
        using var watcher = new PolicyWatcher(_dir, TimeSpan.FromMilliseconds(100));
        var swapped = new TaskCompletionSource<PolicySet>();
        watcher.Reloaded += set => swapped.TrySetResult(set);
        File.WriteAllText(file + ".tmp", Cip("second", Static(true)));
        File.Move(file + ".tmp", file, overwrite: true);
        Assert.Equal("second", Assert.Single((await swapped.Task.WaitAsync(TimeSpan.FromSeconds(20))).Policies).Policy.Name);

        File.WriteAllText(file + ".tmp", "kind: ClusterImagePolicy\nspec: [broken\n");
        File.Move(file + ".tmp", file, overwrite: true);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (watcher.LastError is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no reload was attempted within 20 s");
            await Task.Delay(50);
        }

        Assert.Contains("not valid YAML", watcher.LastError, StringComparison.Ordinal);
        Assert.Equal("second", Assert.Single(watcher.Current.Policies).Policy.Name);
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
