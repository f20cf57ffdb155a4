using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// What the CLI says about a failure: its exit code, one line on standard error, and with <c>--json</c> an error
/// object. <see cref="Of"/> is the one place that classifies exceptions: Signet's by kind
/// (<see cref="ExitCodes.Of(SignetErrorKind)"/>), network and file failures of the runtime as a service error or
/// invalid input, and anything else as a bug (<see cref="ExitCodes.Internal"/>).
/// </summary>
internal sealed record CommandFailure(int ExitCode, string What, string Code, string? Step, string Message)
{
    /// <summary>The <see cref="Code"/> of a bug.</summary>
    public const string InternalCode = "Internal";

    public static CommandFailure Of(Exception exception) => exception switch
    {
        UsageException e => new(ExitCodes.Usage, "usage", e.ErrorCode, null, e.Message),
        VerificationException e => new(ExitCodes.Of(e.ErrorKind), "verification failed", e.ErrorCode, e.Step.ToString(), e.Message),
        SignetException e => new(ExitCodes.Of(e.ErrorKind), WhatOf(e.ErrorKind), e.ErrorCode, null, e.Message),
        HttpRequestException or HttpIOException or TimeoutException or OperationCanceledException =>
            new(ExitCodes.ServiceError, WhatOf(SignetErrorKind.Unavailable), SignetErrorCodes.ServiceUnavailable, null, exception.Message),
        IOException or UnauthorizedAccessException or CryptographicException or JsonException =>
            new(ExitCodes.InvalidInput, WhatOf(SignetErrorKind.InvalidInput), SignetErrorCodes.InvalidInput, null, exception.Message),
        _ => new(ExitCodes.Internal, "internal error", InternalCode, null, $"{exception.GetType().Name}: {exception.Message}"),
    };

    /// <summary>The one line for standard error: <c>COMMAND: WHAT[ at STEP]: MESSAGE</c>, with line breaks and other
    /// control characters of the message escaped so that it stays one line and cannot drive the terminal.</summary>
    public string Line(string command) =>
        $"{command}: {What}{(Step is null ? "" : " at " + Step)}: {OneLine(Message)}";

    /// <summary>The <c>--json</c> form: <c>{"verified":false,"error":{"code","exitCode","step","message"}}</c>.</summary>
    public string ToJson() => ResultJson.Write(w =>
    {
        w.WriteBoolean("verified", false);
        w.WriteStartObject("error");
        w.WriteString("code", Code);
        w.WriteNumber("exitCode", ExitCode);
        if (Step is not null)
        {
            w.WriteString("step", Step);
        }

        w.WriteString("message", Message);
        w.WriteEndObject();
    });

    private static string WhatOf(SignetErrorKind kind) => kind switch
    {
        SignetErrorKind.InvalidInput => "invalid input",
        SignetErrorKind.VerificationFailed => "verification failed",
        SignetErrorKind.NotFound => "not found",
        SignetErrorKind.Conflict => "conflict",
        SignetErrorKind.Unavailable => "service error",
        _ => "configuration",
    };

    private static string OneLine(string message) => PrintableText.Escape(message.ReplaceLineEndings(" ").Trim());
}
