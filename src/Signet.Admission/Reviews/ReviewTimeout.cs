namespace Signet.Admission.Reviews;

/// <summary>
/// The <c>?timeout=</c> the API server adds to a webhook call (the configuration's <c>timeoutSeconds</c> as a
/// <see cref="GoDuration"/>), and how much of it the webhook may spend deciding.
/// </summary>
public static class ReviewTimeout
{
    /// <summary>When the request has no timeout: the API server's default <c>timeoutSeconds</c>.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>The largest <c>timeoutSeconds</c> the API server allows.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>The timeout of a request: <paramref name="value"/> read as a Go duration, <see cref="Default"/> when absent, at most <see cref="Max"/>.</summary>
    /// <exception cref="Core.SignetFormatException">Not a positive Go duration.</exception>
    public static TimeSpan Parse(string? value) => value is null ? Default : TimeSpan.FromTicks(Math.Min(GoDuration.Parse(value).Ticks, Max.Ticks));

    /// <summary>What the webhook may spend of <paramref name="timeout"/>: all but a margin (a tenth, at least 100 ms) for the answer to travel.</summary>
    public static TimeSpan Budget(TimeSpan timeout)
    {
        var margin = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks));
        return timeout > margin * 2 ? timeout - margin : timeout / 2;
    }
}
