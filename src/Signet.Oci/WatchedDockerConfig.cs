using System.Security.Cryptography;
using Signet.Core;

namespace Signet.Oci;

/// <summary>
/// docker's <c>config.json</c> read again when what it holds changes, looked at most every <see cref="CheckInterval"/>
/// when a credential is asked for: a long-running process (the admission webhook) follows credentials rotated in the
/// file — a mounted Secret's <c>.dockerconfigjson</c> that a refresher rewrites with short-lived registry tokens — which
/// reach registries from their next 401 challenge on. A file that does not read or parse keeps the previous credentials
/// (<see cref="LastError"/> says why); a file removed means none.
/// </summary>
public sealed class WatchedDockerConfig : IRegistryCredentialSource
{
    /// <summary>How often the file is looked at, at most.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DockerConfigCredentials? _current;
    private string? _digest;
    private long _nextCheck;

    /// <summary>Reads <paramref name="path"/> now (a missing file: no credentials until it appears).</summary>
    /// <param name="path">The config file.</param>
    /// <param name="time">The clock of the checks.</param>
    /// <exception cref="SignetFormatException">The file is not a docker config.</exception>
    public WatchedDockerConfig(string path, TimeProvider? time = null)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _time = time ?? TimeProvider.System;
        (_current, _digest) = Read();
        _nextCheck = _time.GetTimestamp() + Ticks(CheckInterval);
    }

    /// <summary>Why the last read of a changed file was refused, or null.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public RegistryCredential? Find(string registry)
    {
        if (_time.GetTimestamp() >= Volatile.Read(ref _nextCheck))
        {
            Check();
        }

        return Volatile.Read(ref _current)?.Find(registry);
    }

    private void Check()
    {
        lock (_gate)
        {
            if (_time.GetTimestamp() < _nextCheck)
            {
                return;
            }

            _nextCheck = _time.GetTimestamp() + Ticks(CheckInterval);
            try
            {
                var (next, digest) = Read();
                if (digest != _digest)
                {
                    Volatile.Write(ref _current, next);
                    _digest = digest;
                }

                LastError = null;
            }
            catch (Exception e) when (e is SignetException or IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
            }
        }
    }

    private (DockerConfigCredentials? Credentials, string? Digest) Read()
    {
        if (!File.Exists(_path))
        {
            return (null, null);
        }

        var json = DockerConfigCredentials.ReadFile(_path);
        return (DockerConfigCredentials.Parse(json, _path), Convert.ToHexString(SHA256.HashData(json)));
    }

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * _time.TimestampFrequency);
}
