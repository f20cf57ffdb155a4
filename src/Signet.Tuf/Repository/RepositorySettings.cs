using System.Text.Json;
using Signet.Core;
using Signet.Tuf.Json;

namespace Signet.Tuf.Repository;

/// <summary>
/// A repository's settings (<c>repository.json</c>): consistent snapshots, how long each role's metadata is valid, and
/// where the online key for timestamp/snapshot lives (relative to the repository, or absolute).
/// </summary>
public sealed record RepositorySettings
{
    public bool ConsistentSnapshot { get; init; } = true;

    /// <summary>Root: months (offline keys, signed rarely).</summary>
    public TimeSpan RootExpiry { get; init; } = TimeSpan.FromDays(182);

    public TimeSpan TargetsExpiry { get; init; } = TimeSpan.FromDays(91);

    public TimeSpan SnapshotExpiry { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Timestamp: days; the server re-signs it with the online key when half of it has run out.</summary>
    public TimeSpan TimestampExpiry { get; init; } = TimeSpan.FromDays(1);

    public string? OnlineKeyPath { get; init; }

    public TimeSpan ExpiryOf(string role) => role switch
    {
        "root" => RootExpiry,
        "targets" => TargetsExpiry,
        "snapshot" => SnapshotExpiry,
        "timestamp" => TimestampExpiry,
        _ => throw new ArgumentException($"not a top-level role: {role}", nameof(role)),
    };

    /// <summary>When <paramref name="role"/> metadata signed at <paramref name="now"/> expires (whole seconds, UTC).</summary>
    internal DateTimeOffset ExpiresAt(string role, DateTimeOffset now)
    {
        var t = now + ExpiryOf(role);
        return new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);
    }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("consistent_snapshot", ConsistentSnapshot);
            w.WriteStartObject("expiry_seconds");
            w.WriteNumber("root", (long)RootExpiry.TotalSeconds);
            w.WriteNumber("targets", (long)TargetsExpiry.TotalSeconds);
            w.WriteNumber("snapshot", (long)SnapshotExpiry.TotalSeconds);
            w.WriteNumber("timestamp", (long)TimestampExpiry.TotalSeconds);
            w.WriteEndObject();
            if (OnlineKeyPath is not null)
            {
                w.WriteString("online_key", OnlineKeyPath);
            }

            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static RepositorySettings Parse(ReadOnlyMemory<byte> json)
    {
        const string what = "repository.json";
        using var doc = TufJson.Parse(json, what);
        var root = doc.RootElement;
        var expiry = TufJson.Object(root, "expiry_seconds", what);
        return new RepositorySettings
        {
            ConsistentSnapshot = TufJson.Boolean(root, "consistent_snapshot", what),
            RootExpiry = TimeSpan.FromSeconds(TufJson.PositiveInteger(expiry, "root", what)),
            TargetsExpiry = TimeSpan.FromSeconds(TufJson.PositiveInteger(expiry, "targets", what)),
            SnapshotExpiry = TimeSpan.FromSeconds(TufJson.PositiveInteger(expiry, "snapshot", what)),
            TimestampExpiry = TimeSpan.FromSeconds(TufJson.PositiveInteger(expiry, "timestamp", what)),
            OnlineKeyPath = root.TryGetProperty("online_key", out _) ? TufJson.String(root, "online_key", what) : null,
        };
    }

    /// <summary>Parses a duration like <c>180d</c>, <c>12h</c>, <c>30m</c> or <c>45s</c>.</summary>
    public static TimeSpan ParseDuration(string text, string what)
    {
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 && n < 100_000)
        {
            switch (text[^1])
            {
                case 'd': return TimeSpan.FromDays(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 's': return TimeSpan.FromSeconds(n);
            }
        }

        throw new SignetFormatException($"{what}: \"{text}\" is not a duration like 180d, 12h, 30m or 45s");
    }
}
