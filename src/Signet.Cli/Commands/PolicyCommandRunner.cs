using Signet.Core;
using Signet.Core.Verification;
using Signet.Oci;

namespace Signet.Cli.Commands;

/// <summary>
/// Runs the provenance and policy commands' bodies and maps every failure to one line and its exit code: 1 refused
/// (the message names the failed check), 2 usage, 3 invalid input (a malformed file, policy or rule), 4 a registry or
/// trust store that could not be reached.
/// </summary>
internal static class PolicyCommandRunner
{
    public static async Task<int> RunAsync(string name, TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (VerificationException e)
        {
            await error.WriteLineAsync($"signet {name}: FAILED: {OneLine(e.Message)} ({e.Code})").ConfigureAwait(false);
            return ExitCodes.VerificationFailed;
        }
        catch (Exception e) when (e is UsageException or ImageUsageException)
        {
            await error.WriteLineAsync($"signet {name}: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (RegistryException e)
        {
            await error.WriteLineAsync($"signet {name}: {OneLine(e.Message)}").ConfigureAwait(false);
            return e.Kind == RegistryErrorKind.DigestMismatch ? ExitCodes.VerificationFailed : ExitCodes.ServiceError;
        }
        catch (Tuf.Client.TufException e)
        {
            await error.WriteLineAsync($"signet {name}: {OneLine(e.Message)}").ConfigureAwait(false);
            return CachedTrust.ExitCodeOf(e);
        }
        catch (Exception e) when (e is SignetFormatException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"signet {name}: invalid input: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
    }

    public static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
