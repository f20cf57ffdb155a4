using Signet.Core;
using Signet.Tuf.Client;

namespace Signet.Cli.Commands;

/// <summary>Maps the exceptions of trust and repository commands to one readable line and an exit code.</summary>
internal static class CommandErrors
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (TufException e)
        {
            return await FailAsync(command, e.Message, e.Code == TufErrorCode.NotInitialized ? ExitCodes.InvalidInput : ExitCodes.VerificationFailed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SignetFormatException or Signet.Core.Keys.KeyPasswordException)
        {
            return await FailAsync(command, e.Message, ExitCodes.InvalidInput).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return await FailAsync(command, e.Message, ExitCodes.ServiceError).ConfigureAwait(false);
        }
        catch (TaskCanceledException e)
        {
            return await FailAsync(command, "timed out: " + e.Message, ExitCodes.ServiceError).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException
            or System.Security.Cryptography.CryptographicException)
        {
            return await FailAsync(command, e.Message, ExitCodes.InvalidInput).ConfigureAwait(false);
        }
    }

    private static async Task<int> FailAsync(string command, string message, int code)
    {
        await Console.Error.WriteLineAsync($"{command}: {message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
        return code;
    }
}
