using System.Security.Cryptography;

namespace Signet.Files;

/// <summary>
/// Whether files changed in what they hold, looked at no more often than an interval: the SHA-256 of each (read through
/// links, at most a size limit), compared with the last look. What a file holds, not its time and length: a Kubernetes
/// Secret or ConfigMap volume gives a program the link <c>NAME → ..data/NAME</c> and updates it by renaming a new
/// <c>..data</c> link over the old one, so the named link itself never changes. A file that is missing or cannot be
/// read counts as absent. Thread-safe; a change is reported to one caller once.
/// </summary>
public sealed class FileContentCheck
{
    private readonly string[] _paths;
    private readonly long _maxBytes;
    private readonly long _interval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string?[] _seen;
    private long _nextCheck;

    /// <summary>Looks at the files now: what a caller loads after this is what later changes are measured from.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="interval">The least time between two looks.</param>
    /// <param name="maxBytes">The most read of each file; a larger one counts as absent.</param>
    /// <param name="time">The clock of the looks.</param>
    public FileContentCheck(IEnumerable<string> paths, TimeSpan interval, long maxBytes, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = [.. paths];
        _maxBytes = maxBytes;
        _time = time ?? TimeProvider.System;
        _interval = (long)(interval.TotalSeconds * _time.TimestampFrequency);
        _seen = Digests();
        _nextCheck = _time.GetTimestamp() + _interval;
    }

    /// <summary>True when the interval has passed and a file holds something else than at the last look (then this
    /// look is the new reference); false otherwise, at the cost of a clock read while the interval runs.</summary>
    public bool Changed()
    {
        if (_time.GetTimestamp() < Volatile.Read(ref _nextCheck))
        {
            return false;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (now < _nextCheck)
            {
                return false;
            }

            _nextCheck = now + _interval;
            var digests = Digests();
            if (digests.SequenceEqual(_seen, StringComparer.Ordinal))
            {
                return false;
            }

            _seen = digests;
            return true;
        }
    }

    private string?[] Digests() => [.. _paths.Select(Digest)];

    private string? Digest(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(BoundedFile.Read(path, _maxBytes)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // missing, unreadable or over the limit (FileTooLargeException is an IOException)
        }
    }
}
