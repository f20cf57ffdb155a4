using Signet.Core;
using Signet.Core.Notes;

namespace Signet.Witness.Tests;

public sealed class WitnessLogListTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Fact]
    public void The_omniwitness_production_list_parses_with_ed25519_and_ecdsa_keys_and_every_log_has_a_url()
    {
        var logs = WitnessLogList.Parse(Data("omniwitness-logs.yaml"));
        Assert.Equal(14, logs.Count);
        Assert.All(logs, l => Assert.False(string.IsNullOrEmpty(l.Url)));
        var rekor = logs.Single(l => l.Origin == "rekor.sigstore.dev - 3904496407287907110");
        Assert.IsType<RekorNoteVerifier>(rekor.Key);
        Assert.Equal(("rekor.sigstore.dev", 0xc0d23d6aU), (rekor.Key.Name, rekor.Key.KeyHash));
        var rekorV2 = logs.Single(l => l.Origin == "log2025-1.rekor.sigstore.dev");
        Assert.IsType<Ed25519NoteVerifier>(rekorV2.Key);
        Assert.Equal(logs.Count, new WitnessedLogs(logs).All.Count);
    }

    [Fact]
    public void The_omniwitness_test_list_has_two_logs()
    {
        var logs = WitnessLogList.Parse(Data("omniwitness-logs_test.yaml"));
        Assert.Equal(["sigsum.org/v1/tree/c9e525b98f412ede185ff2ac5abf70920a2e63a6ae31c88b1138b85de328706b", "tlog.andxor.it"], logs.Select(l => l.Origin));
        Assert.All(logs, l => Assert.False(string.IsNullOrEmpty(l.Url)));
    }

    [Theory]
    [InlineData("Logs: [", "log list: not valid YAML at line")]
    [InlineData("Other: []", "'Logs' sequence")]
    [InlineData("Logs:\n  - Origin: a\n", "Origin and PublicKey are required")]
    [InlineData("Logs:\n  - Origin: a\n    PublicKey: nope\n", "PublicKey")]
    [InlineData("Logs:\n  - Origin: a\n    Typo: b\n", "'Typo' is not one of")]
    public void Malformed_lists_are_refused_naming_the_problem(string yaml, string expected)
    {
        Assert.Contains(expected, Assert.Throws<SignetFormatException>(() => WitnessLogList.Parse(yaml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_type_that_contradicts_the_key_and_a_repeated_origin_are_refused()
    {
        var (_, vkey) = Ed25519NoteKey.Generate("log.example");
        Assert.Contains("PublicKeyType", Assert.Throws<SignetFormatException>(() => WitnessLogList.Parse($"Logs:\n  - Origin: a\n    PublicKey: {vkey}\n    PublicKeyType: ecdsa\n")).Message, StringComparison.Ordinal);
        var twice = WitnessLogList.Parse($"Logs:\n  - Origin: a\n    PublicKey: {vkey}\n  - Origin: a\n    PublicKey: {vkey}\n");
        Assert.Throws<SignetConfigurationException>(() => new WitnessedLogs(twice));
    }

    [Fact]
    public void Command_line_logs_split_at_the_equals_sign_before_the_key_even_when_the_origin_holds_one()
    {
        var (_, vkey) = Ed25519NoteKey.Generate("log.example");
        var log = WitnessedLog.Parse("odd=origin - 1=" + vkey);
        Assert.Equal("odd=origin - 1", log.Origin);
        Assert.Throws<SignetFormatException>(() => WitnessedLog.Parse("no key here"));
    }
}
