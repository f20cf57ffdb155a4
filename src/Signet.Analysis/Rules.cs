namespace Signet.Analysis;

/// <summary>One rule: its id (as it appears in reports), the severity it usually reports at, and what it looks for.</summary>
public sealed record Rule(string Id, Severity Severity, string Description);

/// <summary>Every rule of <c>signet analyze</c>, static and dynamic. The README's table is this list.</summary>
public static class Rules
{
    // Install-time hooks (static).
    public const string InstallScript = "install-script";
    public const string NativeBuild = "native-build";
    public const string SetupPy = "setup-py";
    public const string PthExec = "pth-exec";
    public const string MsBuildExec = "msbuild-exec";
    public const string InstallTimeBehaviour = "install-time-behaviour";

    // Obfuscation (static).
    public const string DynamicCode = "dynamic-code";
    public const string DecodedExec = "decoded-exec";
    public const string EncodedBlob = "encoded-blob";
    public const string ObfuscatedCode = "obfuscated-code";
    public const string PackedOnly = "packed-only";

    // Network, credentials, processes (static).
    public const string NetworkUrl = "network-url";
    public const string IpLiteral = "ip-literal";
    public const string ExfilHost = "exfil-host";
    public const string DnsExfil = "dns-exfil";
    public const string SensitiveRead = "sensitive-read";
    public const string CredentialExfil = "credential-exfil";
    public const string ShellSpawn = "shell-spawn";
    public const string DownloadExec = "download-exec";

    // Binaries and names (static).
    public const string NativeBinary = "native-binary";
    public const string DisguisedBinary = "disguised-binary";
    public const string Typosquat = "typosquat";

    // Provenance.
    public const string ProvenanceInvalid = "provenance-invalid";
    public const string ProvenanceRepositoryMismatch = "provenance-repository-mismatch";
    public const string ProvenanceLost = "provenance-lost";

    // Dynamic (from the sandbox trace).
    public const string CanaryRead = "canary-read";
    public const string ConnectionAttempt = "connection-attempt";
    public const string DnsLookup = "dns-lookup";
    public const string PersistenceWrite = "persistence-write";
    public const string ShellSpawned = "shell-spawned";
    public const string RunLimit = "run-limit";

    /// <summary>The catalogue, in report order.</summary>
    public static IReadOnlyList<Rule> All { get; } =
    [
        new(InstallScript, Severity.Medium, "npm preinstall/install/postinstall script, NuGet tools/install.ps1 or init.ps1, gem native extension"),
        new(NativeBuild, Severity.Low, "npm binding.gyp (npm runs node-gyp rebuild at install)"),
        new(SetupPy, Severity.Low, "PyPI sdist with setup.py (its code runs at install)"),
        new(PthExec, Severity.High, ".pth file with an import line (runs at every Python start)"),
        new(MsBuildExec, Severity.Medium, "NuGet build/*.targets|props with an Exec task or an inline (code) task"),
        new(InstallTimeBehaviour, Severity.High, "code that runs at install time reads credentials, reaches an exfiltration host or IP, resolves data-derived names, or runs decoded or downloaded code"),
        new(DynamicCode, Severity.Medium, "eval/Function/vm/exec/compile of a computed string"),
        new(DecodedExec, Severity.High, "base64/hex/char-code decoded and then executed"),
        new(EncodedBlob, Severity.Low, "long base64/hex or high-entropy string literal (medium when it decodes to code or a URL)"),
        new(ObfuscatedCode, Severity.Medium, "obfuscator output (_0x identifiers, hex-escaped string tables)"),
        new(PackedOnly, Severity.Low, "every JavaScript source is minified; nothing readable ships"),
        new(NetworkUrl, Severity.Low, "URL in code"),
        new(IpLiteral, Severity.Medium, "IP address literal as a URL host or connection target (0.0.0.0, 127.0.0.1 and ::1 excepted)"),
        new(ExfilHost, Severity.High, "webhook, paste or out-of-band interaction host (Discord/Slack webhooks, pastebin, ngrok, interactsh, ...)"),
        new(DnsExfil, Severity.High, "DNS query for a name built from data (encoded or environment-derived labels)"),
        new(SensitiveRead, Severity.Medium, "credential files (SSH keys, .npmrc, .pypirc, NuGet, cloud) or token environment variables"),
        new(CredentialExfil, Severity.High, "credentials read in the same file that talks to the network"),
        new(ShellSpawn, Severity.Medium, "a shell started (child_process.exec, shell: true, os.system, subprocess with shell=True)"),
        new(DownloadExec, Severity.High, "download piped to a shell or executed (curl | sh, iwr | iex, exec(urlopen(...)))"),
        new(NativeBinary, Severity.Low, "ELF, PE or Mach-O binary (medium outside the places the ecosystem expects them)"),
        new(DisguisedBinary, Severity.High, "executable binary behind a text or media file extension"),
        new(Typosquat, Severity.Medium, "name one edit away from a popular package of the ecosystem"),
        new(ProvenanceInvalid, Severity.High, "Sigstore provenance present but does not verify"),
        new(ProvenanceRepositoryMismatch, Severity.High, "provenance names another source repository than the package metadata"),
        new(ProvenanceLost, Severity.High, "the previous version had provenance, this one has none"),
        new(CanaryRead, Severity.High, "dynamic: a canary credential file was opened"),
        new(ConnectionAttempt, Severity.High, "dynamic: connect/sendto to an address (medium for loopback)"),
        new(DnsLookup, Severity.High, "dynamic: DNS question for a host other than the package registries"),
        new(PersistenceWrite, Severity.High, "dynamic: write to shell profiles, autostart, cron, systemd units or authorized_keys"),
        new(ShellSpawned, Severity.Medium, "dynamic: a shell started by the package's code"),
        new(RunLimit, Severity.Medium, "dynamic: the run hit the time, CPU or memory limit"),
    ];
}
