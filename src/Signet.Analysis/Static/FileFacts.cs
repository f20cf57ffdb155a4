namespace Signet.Analysis.Static;

/// <summary>What the scanners saw in one file: its findings, and whether the file uses a network API (for the combined rules).</summary>
internal sealed class FileFacts(string file)
{
    private readonly List<Finding> _findings = [];

    public string File { get; } = file;

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>The file calls or imports a network API (http, net, dns, fetch, sockets, urllib, requests).</summary>
    public bool UsesNetwork { get; set; }

    public void Add(string rule, Severity severity, string evidence) => _findings.Add(Finding.Of(rule, severity, File, evidence));

    public bool Has(string rule) => _findings.Exists(f => f.Rule == rule);
}
