using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Signet.Testing.Keys;

/// <summary>
/// A fresh SoftHSM2 token (Debian's softhsm2) for one test: its own label in a token directory of this test process,
/// initialised with <c>softhsm2-util --init-token</c> (user PIN <see cref="Pin"/>). SoftHSM reads its configuration
/// file from <c>SOFTHSM2_CONF</c> when the module initialises, so this process points it (native environment, once)
/// at a configuration under a temporary directory; child processes get <see cref="Environment"/>.
/// </summary>
public sealed class SoftHsmToken : IDisposable
{
    /// <summary>Debian's SoftHSM2 module.</summary>
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>The user PIN of every test token.</summary>
    public const string Pin = "1234";

    private static readonly Lazy<string> Configuration = new(CreateConfiguration);

    private SoftHsmToken(string label) => Label = label;

    /// <summary>The token's label.</summary>
    public string Label { get; }

    /// <summary>The environment a child process needs to see this process's tokens.</summary>
    public static IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SOFTHSM2_CONF"] = Configuration.Value };

    /// <summary>Whether SoftHSM2 is installed (the .ci/run installs it).</summary>
    public static bool Installed => File.Exists(ModulePath) && File.Exists("/usr/bin/softhsm2-util");

    /// <summary>Initialises a new token in the first free slot.</summary>
    public static SoftHsmToken Create()
    {
        var label = "t" + Guid.NewGuid().ToString("N")[..12];
        Util("--init-token", "--free", "--label", label, "--pin", Pin, "--so-pin", "5678");
        return new SoftHsmToken(label);
    }

    /// <summary>Deletes the token and its objects (<c>softhsm2-util --delete-token</c>), as a token pulled out of a
    /// running process: sessions this process has open on it stay, its objects are gone.</summary>
    public void Delete() => Util("--delete-token", "--token", Label);

    private static void Util(params string[] args)
    {
        var psi = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SOFTHSM2_CONF"] = Configuration.Value;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util {args[0]} failed: {output}");
        }
    }

    /// <summary>The URI of an object on this token, with the PIN inline (or <paramref name="pin"/>).</summary>
    public string Uri(string objectLabel, string? pin = Pin) =>
        $"pkcs11:token={Label};object={objectLabel}?module-path={ModulePath}" + (pin is null ? "" : $"&pin-value={pin}");

    /// <summary>Tokens stay with the process's temporary directory; nothing to release per token.</summary>
    public void Dispose()
    {
    }

    private static string CreateConfiguration()
    {
        var dir = Directory.CreateTempSubdirectory("signet-softhsm-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "tokens"));
        var conf = Path.Combine(dir, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // The module calls getenv(3): the managed environment alone is not seen by native code.
        if (setenv("SOFTHSM2_CONF", conf, 1) != 0)
        {
            throw new InvalidOperationException("setenv SOFTHSM2_CONF failed");
        }

        System.Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        return conf;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
