using Signet.Analysis.Packages;
using Signet.Core;

namespace Signet.Analysis.Dynamic;

/// <summary>
/// Installs and then loads a package in isolation and records what it did. The one seam between the analysis and the
/// operating system: <see cref="BubblewrapSandbox"/> is the implementation; an implementation that cannot isolate throws
/// <see cref="SandboxUnavailableException"/> and never runs the package.
/// </summary>
public interface ISandbox
{
    Task<DynamicTrace> RunAsync(SandboxRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// What to run: the package archive on disk, its ecosystem and name, and for Python the top-level modules to import.
/// </summary>
public sealed record SandboxRequest(Ecosystem Ecosystem, string Name, string PackagePath, IReadOnlyList<string> ImportNames);

/// <summary>The sandbox cannot be made here (no bubblewrap or strace, no user namespaces, the DNS stub did not start). Nothing of the package ran.</summary>
public sealed class SandboxUnavailableException : SignetException
{
    /// <summary>The sandbox cannot be made, for the reason <paramref name="message"/> gives.</summary>
    public SandboxUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>The sandbox cannot be made, for the reason <paramref name="message"/> gives, caused by <paramref name="innerException"/>.</summary>
    public SandboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.Unavailable;

    /// <inheritdoc/>
    public override string ErrorCode => "SandboxUnavailable";
}
