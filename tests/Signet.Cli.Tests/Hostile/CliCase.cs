namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// One CLI case of the malformed-input corpus: a command line whose <c>{dir}</c> is a fresh folder holding the
/// corpus's valid files (<see cref="CliCorpus.BaseFiles"/>), <see cref="Input"/> as <c>{dir}/input</c> when given,
/// and <see cref="Extra"/>; and the exit codes it may end with (README "Exit codes": 1 verification failed, 2 usage,
/// 3 invalid input, and 4 only where the case reaches for a service on a closed loopback port).
/// </summary>
public sealed record CliCase(string Id, string[] Args, byte[]? Input, int[] Allowed)
{
    /// <summary>Files besides the base ones, by path under <c>{dir}</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Extra { get; init; } = new Dictionary<string, byte[]>();

    public override string ToString() => Id;
}
