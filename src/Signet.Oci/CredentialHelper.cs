using System.Diagnostics;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Oci;

/// <summary>
/// A docker credential helper (docker-credential-helpers protocol): <c>docker-credential-NAME get</c> with the server
/// URL on standard input, a JSON object <c>{"ServerURL","Username","Secret"}</c> on standard output, a non-zero exit
/// for "no credentials". The helper has <see cref="Timeout"/> to answer and exit, and its answer is read up to
/// <see cref="DockerConfigCredentials.ConfigLimits"/>' size while it runs: a helper that writes without end is stopped
/// at the limit, and one that leaves a child holding its output open (a keychain daemon started in the background) is
/// not waited for beyond the timeout.
/// </summary>
internal static class CredentialHelper
{
    /// <summary>How long a helper may take to answer and exit.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The helper's credential for <paramref name="serverUrl"/>, or null when it has none.</summary>
    /// <exception cref="SignetFormatException">The helper's name or answer is malformed.</exception>
    /// <exception cref="RegistryException">The helper could not be run, did not answer in time, or answered too much.</exception>
    public static RegistryCredential? Get(string helper, string serverUrl)
    {
        if (helper.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new SignetFormatException($"docker config: credential helper name '{helper}' has characters outside [A-Za-z0-9._-]");
        }

        var name = "docker-credential-" + helper;
        var psi = new ProcessStartInfo(name, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? p;
        try
        {
            p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RegistryException(RegistryErrorKind.Unauthorized, $"docker credential helper {name} could not be run: {e.Message}", inner: e);
        }

        using (p)
        {
            if (p is null)
            {
                return null;
            }

            byte[] output;
            using (var deadline = new CancellationTokenSource(Timeout))
            {
                try
                {
                    output = AnswerAsync(p, name, serverUrl, deadline.Token).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is OperationCanceledException or RegistryException)
                {
                    Stop(p);
                    throw e as RegistryException
                        ?? new RegistryException(RegistryErrorKind.Unauthorized, $"docker credential helper {name} did not answer within {Timeout.TotalSeconds:0} s", inner: e);
                }
            }

            if (p.ExitCode != 0)
            {
                // The helper protocol answers "credentials not found in native keychain" with a non-zero exit: anonymous.
                return null;
            }

            // The answer holds a secret: errors name its fields or where the syntax breaks, never its text.
            using var answer = StrictJson.ParseSecret(output, $"docker credential helper {name}", DockerConfigCredentials.ConfigLimits);
            var root = JsonField.Root(answer.RootElement, $"docker credential helper {name}").RequireObject();
            var user = root.OptionalString("Username");
            var secret = root.OptionalString("Secret");
            if (user is null || secret is null)
            {
                return null;
            }

            // docker-credential-helpers: Username "<token>" marks an identity token.
            return user == "<token>" ? new RegistryCredential(user, "", secret) : new RegistryCredential(user, secret);
        }
    }

    // Writes the server URL, reads the answer (bounded) and waits for the exit, all within the deadline.
    private static async Task<byte[]> AnswerAsync(Process p, string name, string serverUrl, CancellationToken deadline)
    {
        var output = ReadAnswerAsync(p.StandardOutput.BaseStream, name, deadline);
        _ = p.StandardError.BaseStream.CopyToAsync(Stream.Null, deadline); // drained, so a talkative helper cannot block on a full pipe
        try
        {
            await p.StandardInput.WriteAsync(serverUrl.AsMemory(), deadline).ConfigureAwait(false);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The helper exited without reading the server URL (a broken pipe): its exit code and answer decide.
        }

        var answer = await output.ConfigureAwait(false);
        await p.WaitForExitAsync(deadline).ConfigureAwait(false);
        return answer;
    }

    private static Task<byte[]> ReadAnswerAsync(Stream stdout, string name, CancellationToken deadline)
    {
        var max = DockerConfigCredentials.ConfigLimits.MaxBytes;
        return ResponseBody.ReadBoundedAsync(stdout, max,
            () => new RegistryException(RegistryErrorKind.Unauthorized, $"docker credential helper {name} answered with more than {max} bytes"), deadline);
    }

    private static void Stop(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already (its child may still hold the pipe; that is not waited for).
        }
    }
}
