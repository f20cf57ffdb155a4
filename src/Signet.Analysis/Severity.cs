namespace Signet.Analysis;

/// <summary>How much a finding weighs. The order matters: <c>--fail-on</c> compares with it.</summary>
public enum Severity
{
    /// <summary>Worth knowing; common in benign packages (a URL, a native library where one is expected).</summary>
    Low = 1,

    /// <summary>Unusual and worth a look before installing (an install hook, a computed <c>eval</c>, a typo-squat name).</summary>
    Medium = 2,

    /// <summary>A technique malicious packages use and benign ones do not (a decoded blob executed, a credential sent out).</summary>
    High = 3,
}

/// <summary>The package's overall verdict: the highest severity among its findings.</summary>
public enum Verdict
{
    /// <summary>No finding above <see cref="Severity.Low"/>.</summary>
    Benign,

    /// <summary>At least one <see cref="Severity.Medium"/> finding, none high.</summary>
    Suspicious,

    /// <summary>At least one <see cref="Severity.High"/> finding.</summary>
    Malicious,
}

/// <summary>Names of severities and verdicts as they appear in reports and on the command line.</summary>
public static class SeverityNames
{
    public static string Name(this Severity s) => s switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        _ => "high",
    };

    public static string Name(this Verdict v) => v switch
    {
        Verdict.Benign => "benign",
        Verdict.Suspicious => "suspicious",
        _ => "malicious",
    };

    /// <summary>Parses <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public static Severity Parse(string value) => value switch
    {
        "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        _ => throw new Core.SignetFormatException($"severity '{value}': expected low, medium or high"),
    };

    /// <summary>The verdict the findings add up to.</summary>
    public static Verdict VerdictOf(IEnumerable<Finding> findings)
    {
        var max = findings.Select(f => (int)f.Severity).DefaultIfEmpty(0).Max();
        return max >= (int)Severity.High ? Verdict.Malicious : max == (int)Severity.Medium ? Verdict.Suspicious : Verdict.Benign;
    }
}
