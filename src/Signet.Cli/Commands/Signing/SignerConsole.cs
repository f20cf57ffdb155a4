using System.ComponentModel;
using System.Diagnostics;
using Signet.Client.Identity;
using Signet.Client.Keys;
using Signet.Client.Signing;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// The person at the terminal, for the signing workflow: a key's password is one line of standard input; the
/// interactive login's URL (or device code) is always printed on standard error, and for the browser flow a browser is
/// opened when the desktop offers one (RFC 8252 §4.1: the system browser, never an embedded view). Failing to open one
/// is not an error: the printed URL works from any browser on this machine.
/// </summary>
internal sealed class SignerConsole(TextReader input, TextWriter error, bool attended) : ISignerConsole
{
    /// <summary>Standard input and error; someone is there when standard error is a terminal.</summary>
    public static SignerConsole Terminal() => new(Console.In, Console.Error, !Console.IsErrorRedirected);

    public bool IsAttended => attended;

    /// <summary>One line of standard input, at most <see cref="KeyPassword.MaxFileSize"/> characters (a pipe of
    /// <c>/dev/zero</c> is refused, not read until memory runs out).</summary>
    public string? ReadPassword()
    {
        var line = new System.Text.StringBuilder();
        for (var c = input.Read(); c >= 0; c = input.Read())
        {
            if (c is '\n' or '\r')
            {
                if (c == '\r' && input.Peek() == '\n')
                {
                    input.Read();
                }

                return line.ToString();
            }

            if (line.Length == KeyPassword.MaxFileSize)
            {
                throw new Core.SignetFormatException($"the password on standard input is longer than {KeyPassword.MaxFileSize} characters");
            }

            line.Append((char)c);
        }

        return line.Length == 0 ? null : line.ToString();
    }

    public async Task OpenAuthorizationUrlAsync(Uri authorizationUrl, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"signet: log in at this URL (opening a browser if one is available): {authorizationUrl.AbsoluteUri}").ConfigureAwait(false);
        TryOpenBrowser(authorizationUrl);
    }

    public Task ShowDeviceCodeAsync(DeviceAuthorization authorization, CancellationToken cancellationToken) =>
        error.WriteLineAsync(authorization.VerificationUriComplete is { } complete
            ? $"signet: to log in, open {complete.AbsoluteUri} (or {authorization.VerificationUri.AbsoluteUri} and enter the code {authorization.UserCode})"
            : $"signet: to log in, open {authorization.VerificationUri.AbsoluteUri} and enter the code {authorization.UserCode}");

    private static void TryOpenBrowser(Uri url)
    {
        string? opener = OperatingSystem.IsMacOS() ? "open"
            : OperatingSystem.IsLinux() && (Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 }) ? "xdg-open"
            : null;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var _ = Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true });
            }
            else if (opener is not null)
            {
                var psi = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                psi.ArgumentList.Add(url.AbsoluteUri);
                using var _ = Process.Start(psi);
            }
        }
        catch (Win32Exception)
        {
            // No opener installed: the URL is printed above.
        }
    }
}
