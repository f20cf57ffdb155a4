using System.Text;
using Signet.Core.Keys;

namespace Signet.Client.Keys;

/// <summary>The person at the terminal, asked for a key's password (the command line reads one line of standard input).</summary>
public interface IPasswordPrompt
{
    /// <summary>One line the person typed, without its line break; null when there is no more input.</summary>
    string? ReadPassword();
}

/// <summary>
/// Where a key's password comes from, in cosign's order: a password file, else <c>SIGNET_PASSWORD</c> (or cosign's
/// <c>COSIGN_PASSWORD</c>), else the person at the terminal.
/// </summary>
public static class KeyPassword
{
    /// <summary>Signet's password variable.</summary>
    public const string Variable = "SIGNET_PASSWORD";

    /// <summary>cosign's password variable, read when Signet's is not set.</summary>
    public const string CosignVariable = "COSIGN_PASSWORD";

    /// <summary>The largest password file read.</summary>
    public const int MaxFileSize = 4096;

    /// <summary>The password, from the first source that has one.</summary>
    /// <param name="passwordFile">A file holding the password (its content without the final line break), or null.</param>
    /// <param name="environment">Reads environment variables (tests pass their own).</param>
    /// <param name="prompt">The person, asked last.</param>
    /// <exception cref="KeyPasswordException">No source had a password.</exception>
    /// <exception cref="Core.SignetFormatException">The password file is missing or too large.</exception>
    public static string Read(string? passwordFile, Func<string, string?> environment, IPasswordPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(prompt);
        if (passwordFile is not null)
        {
            var text = Encoding.UTF8.GetString(LocalFile.Read(passwordFile, "password file", MaxFileSize));
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }

        return environment(Variable) ?? environment(CosignVariable) ?? prompt.ReadPassword()
            ?? throw new KeyPasswordException($"no password: set {Variable} or write it on standard input");
    }
}
