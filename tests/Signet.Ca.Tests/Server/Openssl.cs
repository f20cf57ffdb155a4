using System.Diagnostics;

namespace Signet.Ca.Tests.Server;

/// <summary>Runs the system <c>openssl</c> on a PEM file, as a person checking a certificate would.</summary>
public static class Openssl
{
    public static string X509Text(string pem)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, pem);
            var psi = new ProcessStartInfo("openssl", ["x509", "-in", file, "-noout", "-text"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(30_000), "openssl did not finish");
            Assert.True(p.ExitCode == 0, "openssl x509 failed: " + stderr.Result);
            return stdout.Result;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
