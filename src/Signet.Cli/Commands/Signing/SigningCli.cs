using System.Security.Cryptography;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Bundle;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// What the signing commands share: loading the signing config and trusted root, reading passwords, writing outputs
/// atomically (never a partial bundle or an unencrypted key), and mapping failures to one line and an exit code.
/// </summary>
internal static class SigningCli
{
    public const string PasswordVariable = "SIGNET_PASSWORD";
    public const string CosignPasswordVariable = "COSIGN_PASSWORD";

    /// <summary>Runs a command body; any failure is one line on stderr prefixed with the command, and an exit code.</summary>
    public static async Task<int> RunAsync(string command, TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            await error.WriteLineAsync($"signet {command}: {OneLine(e.Message)}").ConfigureAwait(false);
            return code;
        }
    }

    private static int? Classify(Exception e) => e switch
    {
        Core.Verification.VerificationException => ExitCodes.VerificationFailed,
        SigstoreServiceException => ExitCodes.ServiceError,
        SignetFormatException or IdentityTokenException or KeyPasswordException => ExitCodes.InvalidInput,
        IOException or UnauthorizedAccessException => ExitCodes.InvalidInput,
        CryptographicException => ExitCodes.InvalidInput,
        _ => null,
    };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    public static byte[] ReadFile(string path, string what, long maxSize)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new SignetFormatException($"{what}: file '{path}' does not exist");
        }

        if (info.Length > maxSize)
        {
            throw new SignetFormatException($"{what}: file '{path}' is too large ({info.Length} bytes, limit {maxSize})");
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>The signing config from <paramref name="path"/>.</summary>
    public static SigningConfig LoadSigningConfig(string? path)
    {
        if (path is null)
        {
            throw new SignetFormatException(
                "no signing config: pass --signing-config FILE (signet serve writes DATA_DIR/signing_config.v0.2.json)");
        }

        return SigningConfig.Parse(ReadFile(path, "signing config", SigningConfig.MaxSize));
    }

    /// <summary>The trusted root from <paramref name="path"/>, or <c>trusted_root.json</c> next to the signing config.</summary>
    public static TrustedRoot LoadTrustedRoot(string? path, string? signingConfigPath)
    {
        if (path is null && signingConfigPath is not null)
        {
            var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(signingConfigPath))!, "trusted_root.json");
            if (File.Exists(sibling))
            {
                path = sibling;
            }
        }

        if (path is null)
        {
            throw new SignetFormatException(
                "no trusted root to verify the new bundle with: pass --trusted-root FILE (signet serve writes DATA_DIR/trusted_root.json)");
        }

        return TrustedRoot.Parse(ReadFile(path, "trusted root", TrustedRoot.MaxSize));
    }

    /// <summary>A password from <paramref name="passwordFile"/> (its content without the final line break), else
    /// as <see cref="ReadPassword(Func{string, string?}, TextReader)"/>.</summary>
    public static string ReadPassword(string? passwordFile, Func<string, string?> environment, TextReader input)
    {
        if (passwordFile is null)
        {
            return ReadPassword(environment, input);
        }

        var text = System.Text.Encoding.UTF8.GetString(ReadFile(passwordFile, "password file", 4096));
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
    }

    /// <summary>A password from <c>SIGNET_PASSWORD</c> (or <c>COSIGN_PASSWORD</c>), else one line of standard input.</summary>
    public static string ReadPassword(Func<string, string?> environment, TextReader input)
    {
        var fromEnv = environment(PasswordVariable) ?? environment(CosignPasswordVariable);
        if (fromEnv is not null)
        {
            return fromEnv;
        }

        var line = input.ReadLine();
        return line ?? throw new KeyPasswordException(
            $"no password: set {PasswordVariable} or write it on standard input");
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> all at once: a temporary file in the same folder,
    /// created with <paramref name="mode"/>, then renamed over the target. A failure leaves no partial file.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
