using Signet.Client.Identity;
using Signet.Client.Signing;

namespace Signet.Client.Tests.Signing.InMemory;

/// <summary>The person at the terminal, played from a script: the lines they type, and whether they are there at all.</summary>
public sealed class ScriptedConsole(bool attended, params string[] lines) : ISignerConsole
{
    private readonly Queue<string> _lines = new(lines);

    public bool IsAttended => attended;

    /// <summary>How many lines were read.</summary>
    public int Reads { get; private set; }

    public string? ReadPassword()
    {
        Reads++;
        return _lines.TryDequeue(out var line) ? line : null;
    }

    public Task OpenAuthorizationUrlAsync(Uri authorizationUrl, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this script has no browser login");

    public Task ShowDeviceCodeAsync(DeviceAuthorization authorization, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this script has no device login");
}
