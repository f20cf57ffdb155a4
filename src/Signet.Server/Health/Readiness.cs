using Signet.Log.Engine;

namespace Signet.Server.Health;

/// <summary>The rules readiness shares across services.</summary>
internal static class Readiness
{
    /// <summary>
    /// How long a log's integration must have failed without a success between before the log is not ready.
    /// By time rather than by a count of failed rounds: the pause between rounds doubles from 200 ms to 5 s
    /// (<c>CheckpointPublisher.RetryDelay</c>), so a count would mean a fraction of a second early in a failure and most
    /// of a minute later. Ten seconds is at least five rounds (200 + 400 + 800 + 1600 + 3200 ms): a passing failure —
    /// a lock timeout, a few seconds of PostgreSQL failover, a write that raced a log rotation — is retried and succeeds
    /// within it and never takes the replica out of the Service, while a full disk, an unwritable database or a database
    /// that is gone does, at the probe after the threshold (Kubernetes probes every 10 s by default, and waits for
    /// <c>failureThreshold</c> failed probes, 3 by default). Ready again at the first round that succeeds: the loop keeps
    /// retrying out of the Service, so it finds out by itself when the storage is back.
    /// </summary>
    public static readonly TimeSpan IntegrationFailureThreshold = TimeSpan.FromSeconds(10);

    /// <summary>The line for a log whose integration has failed for <see cref="IntegrationFailureThreshold"/> or more
    /// at <paramref name="now"/>, else null.</summary>
    /// <param name="service">The service the log belongs to (<c>log</c>, <c>ct</c>).</param>
    /// <param name="health">The engine's report of its integration loop.</param>
    /// <param name="now">The server's clock.</param>
    /// <param name="dataDirectory">The server's data directory, written <c>DATA</c> in the line: <c>/readyz</c> is
    /// answered to whoever reaches the server, and the operator knows where the data directory is.</param>
    public static string? OfIntegration(string service, IntegrationHealth health, DateTimeOffset now, string dataDirectory) =>
        IntegrationProblem(health, now, dataDirectory) is { } problem ? $"{service}: {problem}" : null;

    /// <summary><c>integration has failed for N s (R rounds in a row): REASON</c> once the integration has failed for
    /// <see cref="IntegrationFailureThreshold"/> or more at <paramref name="now"/>, else null.</summary>
    public static string? IntegrationProblem(IntegrationHealth health, DateTimeOffset now, string dataDirectory)
    {
        if (health.Failing is not { } failing || now - failing.Since < IntegrationFailureThreshold)
        {
            return null;
        }

        var seconds = (long)(now - failing.Since).TotalSeconds;
        var rounds = failing.Rounds == 1 ? "1 round" : $"{failing.Rounds} rounds in a row";
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var reason = OneLine(failing.Last.Message).Replace(data, "DATA", StringComparison.Ordinal);
        return $"integration has failed for {seconds} s ({rounds}): {reason}";
    }

    /// <summary>The first line of <paramref name="message"/>, at most 300 characters.</summary>
    private static string OneLine(string message)
    {
        var line = message.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            line = line[..end].TrimEnd();
        }

        return line.Length <= 300 ? line.ToString() : string.Concat(line[..299], "…");
    }
}
