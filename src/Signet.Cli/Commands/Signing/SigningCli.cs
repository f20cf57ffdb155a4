using Signet.Cli.Commands;
using Signet.Client.Storage;
using Signet.Core;
using Signet.Core.Bundle;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// What the signing commands share: loading the signing config and trusted root, reading passwords, writing outputs
/// atomically (never a partial bundle or an unencrypted key).
/// </summary>
internal static class SigningCli
{
    public const string PasswordVariable = "SIGNET_PASSWORD";
    public const string CosignPasswordVariable = "COSIGN_PASSWORD";

    public static byte[] ReadFile(string path, string what, long maxSize) => CliFiles.Read(path, what, maxSize);

    /// <summary>
    /// The services to sign with and the trusted root to check the new bundle against. <c>--signing-config</c> with
    /// <c>--trusted-root</c> (or the <c>trusted_root.json</c> beside it, as <c>signet serve</c> writes them) bypasses TUF;
    /// with neither, both come from the TUF trust store (<see cref="CachedTrust"/>). <c>--trusted-root</c> alone is
    /// refused: mixing a local trust root with services named through TUF would check the bundle against the wrong keys.
    /// </summary>
    public static async Task<(SigningConfig Config, TrustedRoot TrustedRoot)> LoadTrustAsync(
        string? signingConfigPath, string? trustedRootPath, TextWriter warnings, CancellationToken cancellationToken)
    {
        if (signingConfigPath is null)
        {
            if (trustedRootPath is not null)
            {
                throw new SignetFormatException("--trusted-root bypasses TUF, so pass --signing-config FILE as well (or neither, to use the TUF trust store)");
            }

            var config = SigningConfig.Parse(await CachedTrust.SigningConfigJsonAsync(warnings, cancellationToken).ConfigureAwait(false));
            var root = TrustedRoot.Parse(await CachedTrust.TrustedRootJsonAsync(warnings, cancellationToken).ConfigureAwait(false));
            return (config, root);
        }

        var local = SigningConfig.Parse(ReadFile(signingConfigPath, "signing config", SigningConfig.MaxSize));
        if (trustedRootPath is null)
        {
            var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(signingConfigPath))!, "trusted_root.json");
            if (File.Exists(sibling))
            {
                trustedRootPath = sibling;
            }
        }

        var trustedRoot = trustedRootPath is null
            ? TrustedRoot.Parse(await CachedTrust.TrustedRootJsonAsync(warnings, cancellationToken).ConfigureAwait(false))
            : TrustedRoot.Parse(ReadFile(trustedRootPath, "trusted root", TrustedRoot.MaxSize));
        return (local, trustedRoot);
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

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> all at once (<see cref="AtomicFile"/>): a failure leaves no partial file.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = AtomicFile.Readable) =>
        AtomicFile.Write(path, bytes, mode);
}
