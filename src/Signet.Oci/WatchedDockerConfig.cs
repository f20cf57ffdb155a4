using Signet.Core;
using Signet.Files;

namespace Signet.Oci;

/// <summary>
/// docker's <c>config.json</c> read again when what it holds changes (<see cref="FileContentCheck"/>, looked at most
/// every <see cref="CheckInterval"/> when a credential is asked for): a long-running process (the admission webhook)
/// follows credentials rotated in the file — a mounted Secret's <c>.dockerconfigjson</c> that a refresher rewrites with
/// short-lived registry tokens — which reach registries from their next 401 challenge on. A file that does not read or
/// parse keeps the previous credentials (<see cref="LastError"/> says why); a file removed means none.
/// </summary>
public sealed class WatchedDockerConfig : IRegistryCredentialSource
{
    /// <summary>How often the file is looked at, at most.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly FileContentCheck _file;
    private readonly Lock _reloading = new();
    private DockerConfigCredentials? _current;

    /// <summary>Reads <paramref name="path"/> now (a missing file: no credentials until it appears).</summary>
    /// <param name="path">The config file.</param>
    /// <param name="time">The clock of the checks.</param>
    /// <exception cref="SignetFormatException">The file is not a docker config.</exception>
    public WatchedDockerConfig(string path, TimeProvider? time = null)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _file = new FileContentCheck([path], CheckInterval, DockerConfigCredentials.MaxConfigBytes, time); // before the read it measures from
        _current = DockerConfigCredentials.Load(path);
    }

    /// <summary>Why the last read of a changed file was refused, or null.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public RegistryCredential? Find(string registry)
    {
        if (_file.Changed())
        {
            Reload();
        }

        return Volatile.Read(ref _current)?.Find(registry);
    }

    private void Reload()
    {
        lock (_reloading)
        {
            try
            {
                Volatile.Write(ref _current, DockerConfigCredentials.Load(_path));
                LastError = null;
            }
            catch (Exception e) when (e is SignetException or IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
            }
        }
    }
}
