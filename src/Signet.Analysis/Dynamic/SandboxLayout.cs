using System.Globalization;
using System.Security.Cryptography;

namespace Signet.Analysis.Dynamic;

/// <summary>
/// The host-side directory one dynamic run uses: the sandbox scripts (read-only inside at <c>/signet</c>), the package file
/// (<c>/pkg</c>), a working directory (<c>/work</c>), a throw-away home seeded with canary credentials (<c>/home/sandbox</c>),
/// generated <c>/etc</c> files (resolv.conf naming the stub resolver), and the logs, which stay outside the sandbox.
/// Deleted on dispose.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SandboxLayout : IDisposable
{
    public const string Home = "/home/sandbox";

    /// <summary>Canary credentials: path under the home, and content naming itself a canary.</summary>
    private static readonly (string Path, string Content)[] CanaryFiles =
    [
        (".ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nsignet-canary-{0}\n-----END OPENSSH PRIVATE KEY-----\n"),
        (".ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nsignet-canary-{0}\n-----END OPENSSH PRIVATE KEY-----\n"),
        (".npmrc", "//registry.invalid/:_authToken=npm_signetcanary{0}\n"),
        (".pypirc", "[pypi]\nusername = __token__\npassword = pypi-signet-canary-{0}\n"),
        (".nuget/NuGet/NuGet.Config", "<configuration><apikeys><add key=\"https://nuget.invalid/api/v2/package\" value=\"signet-canary-{0}\" /></apikeys></configuration>\n"),
        (".aws/credentials", "[default]\naws_access_key_id = AKIASIGNETCANARY\naws_secret_access_key = signet-canary-{0}\n"),
        (".config/gcloud/application_default_credentials.json", "{{\"type\":\"authorized_user\",\"refresh_token\":\"signet-canary-{0}\"}}\n"),
        (".docker/config.json", "{{\"auths\":{{\"registry.invalid\":{{\"auth\":\"signet-canary-{0}\"}}}}}}\n"),
        (".kube/config", "apiVersion: v1\nusers:\n- name: canary\n  user:\n    token: signet-canary-{0}\n"),
        (".git-credentials", "https://canary:signet-canary-{0}@git.invalid\n"),
        (".netrc", "machine registry.invalid login canary password signet-canary-{0}\n"),
    ];

    private SandboxLayout(string root, string token)
    {
        Root = root;
        Token = token;
    }

    public string Root { get; }

    /// <summary>The random value every canary carries (also in the canary environment variables).</summary>
    public string Token { get; }

    public string Scripts => Path.Combine(Root, "signet");

    public string Etc => Path.Combine(Root, "etc");

    public string Work => Path.Combine(Root, "work");

    public string HomeDir => Path.Combine(Root, "home");

    public string Package => Path.Combine(Root, "pkg");

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>The canary files as the sandbox sees them.</summary>
    public static IReadOnlyList<string> Canaries { get; } = CanaryFiles.Select(c => Home + "/" + c.Path).ToArray();

    public static SandboxLayout Create(string packagePath, string packageFileName)
    {
        var root = Directory.CreateTempSubdirectory("signet-sandbox-").FullName;
        var layout = new SandboxLayout(root, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        try
        {
            layout.Populate(packagePath, packageFileName);
            return layout;
        }
        catch
        {
            layout.Dispose();
            throw;
        }
    }

    private void Populate(string packagePath, string packageFileName)
    {
        // The sandbox runs as nobody when the host is root: it must traverse the root and write its work and home.
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        foreach (var dir in new[] { Scripts, Etc, Package, Logs })
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }

        foreach (var dir in new[] { Work, HomeDir })
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        }

        File.SetUnixFileMode(Logs, (UnixFileMode)0b111_000_000);
        foreach (var name in new[] { "sandbox.sh", "dns-stub.py", "npm-install.sh", "npm-import.sh", "pip-install.sh", "pip-import.sh" })
        {
            using var s = typeof(SandboxLayout).Assembly.GetManifestResourceStream("Signet.Analysis.Scripts." + name)
                ?? throw new InvalidOperationException($"the sandbox script {name} is missing from the build");
            using var f = File.Create(Path.Combine(Scripts, name));
            s.CopyTo(f);
        }

        WriteEtc("passwd", "root:x:0:0:sandbox:/home/sandbox:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        WriteEtc("group", "root:x:0:\nnogroup:x:65534:\n");
        WriteEtc("hosts", "127.0.0.1\tlocalhost sandbox\n::1\tlocalhost\n");
        WriteEtc("resolv.conf", "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        WriteEtc("nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");

        foreach (var (path, content) in CanaryFiles)
        {
            var full = Path.Combine(HomeDir, path);
            var dir = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(dir);
            for (var d = dir; d.Length > HomeDir.Length; d = Path.GetDirectoryName(d)!)
            {
                File.SetUnixFileMode(d, (UnixFileMode)0b111_111_111);
            }

            File.WriteAllText(full, string.Format(CultureInfo.InvariantCulture, content, Token));
            File.SetUnixFileMode(full, (UnixFileMode)0b110_110_110);
        }

        var target = Path.Combine(Package, packageFileName);
        File.Copy(packagePath, target);
        File.SetUnixFileMode(target, (UnixFileMode)0b110_100_100);
    }

    private void WriteEtc(string name, string content)
    {
        var path = Path.Combine(Etc, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file the package left read-only or busy; the temporary directory is left for the system to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
