namespace Signet.Analysis;

/// <summary>
/// One thing a rule saw: which rule (an id of <see cref="Rules"/>), how much it weighs, in which file of the package
/// (or the phase of a dynamic run), and the evidence, short.
/// </summary>
public sealed record Finding(string Rule, Severity Severity, string File, string Evidence)
{
    /// <summary>The longest evidence kept; longer text is cut with an ellipsis.</summary>
    public const int MaxEvidence = 160;

    /// <summary>A finding whose evidence is made one line and cut to <see cref="MaxEvidence"/> characters.</summary>
    public static Finding Of(string rule, Severity severity, string file, string evidence)
    {
        var e = evidence.ReplaceLineEndings(" ").Trim();
        if (e.Length > MaxEvidence)
        {
            e = string.Concat(e.AsSpan(0, MaxEvidence - 1), "…");
        }

        return new Finding(rule, severity, file, e);
    }
}
