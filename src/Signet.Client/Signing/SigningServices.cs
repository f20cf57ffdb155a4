using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Bundles;

namespace Signet.Client.Signing;

/// <summary>
/// The services one signing uses, chosen from a <see cref="SigningConfig"/> (protobuf-specs sigstore_trustroot.proto
/// <c>SigningConfig</c>): the first CA valid now, and the logs and TSAs its selectors ask for, preferring the
/// highest API version this client speaks (Rekor v2 over v1).
/// </summary>
public sealed record SigningServices(Service? Ca, IReadOnlyList<Service> Logs, IReadOnlyList<Service> Tsas)
{
    /// <summary>Fulcio v2 API, TSA v1: <c>majorApiVersion</c> 1. Rekor: 1 (v1) and 2 (v2).</summary>
    private static readonly int[] s_logVersions = [2, 1];

    /// <exception cref="SignetFormatException">The config names no usable CA, or a selector cannot be met.</exception>
    public static SigningServices Select(SigningConfig config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ca = config.CaUrls.FirstOrDefault(s => s.MajorApiVersion == 1 && s.IsValidAt(now));
        var logs = Choose(config.RekorTlogUrls, config.RekorTlogConfig, now, s_logVersions, "transparency log (rekorTlogUrls)");
        var tsas = Choose(config.TsaUrls, config.TsaConfig, now, [1], "timestamp authority (tsaUrls)");
        return new SigningServices(ca, logs, tsas);
    }

    /// <summary>
    /// The services <see cref="Select"/> chooses, logging to a Rekor v1 log: for signatures kept in cosign's legacy
    /// forms (a detached <c>.sig</c>, an image's legacy layer), whose entry is found through the v1 search index or
    /// carried as a v1 signed entry timestamp.
    /// </summary>
    /// <exception cref="SignetFormatException">No Rekor v1 log (majorApiVersion 1) is valid at <paramref name="now"/>.</exception>
    public static SigningServices SelectWithRekorV1Log(SigningConfig config, DateTimeOffset now) =>
        SelectWithRekorV1Log(config, now, "cosign's legacy forms record a Rekor v1 entry");

    /// <summary>The services <see cref="Select"/> chooses, logging to a Rekor v1 log because <paramref name="why"/>.</summary>
    /// <exception cref="SignetFormatException">No Rekor v1 log (majorApiVersion 1) is valid at <paramref name="now"/>.</exception>
    public static SigningServices SelectWithRekorV1Log(SigningConfig config, DateTimeOffset now, string why)
    {
        var services = Select(config, now);
        if (services.Logs.All(l => l.MajorApiVersion == 1))
        {
            return services;
        }

        return services with { Logs = [RekorV1Log(config, now, why)] };
    }

    /// <summary>
    /// The first Rekor v1 log (majorApiVersion 1) of <paramref name="config"/> valid at <paramref name="now"/>: the one a
    /// legacy signature is logged to, or a detached signature's entry is looked up in.
    /// </summary>
    /// <param name="config">The signing config.</param>
    /// <param name="now">This machine's time.</param>
    /// <param name="why">Why a v1 log is needed, for the message when there is none.</param>
    /// <exception cref="SignetFormatException">No Rekor v1 log is valid at <paramref name="now"/>; the message says why (<see cref="WhyNone"/>).</exception>
    public static Service RekorV1Log(SigningConfig config, DateTimeOffset now, string why)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.RekorTlogUrls.FirstOrDefault(s => s.MajorApiVersion == 1 && s.IsValidAt(now))
            ?? throw new SignetFormatException($"signing config: {why}, and {WhyNone(config.RekorTlogUrls.Where(s => s.MajorApiVersion == 1).ToList(), [1], now, "Rekor v1 log (rekorTlogUrls, majorApiVersion 1)")}");
    }

    /// <summary>
    /// Why none of <paramref name="services"/> can be used at <paramref name="now"/>, for an error message: none
    /// listed, none of an API version this client speaks, or none whose window holds <paramref name="now"/> — then
    /// with the window and this machine's time, since a clock running behind or ahead is the usual cause.
    /// </summary>
    public static string WhyNone(IReadOnlyList<Service> services, IReadOnlyCollection<int> versions, DateTimeOffset now, string what)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(versions);
        if (services.Count == 0)
        {
            return $"it names no {what}";
        }

        var spoken = services.Where(s => versions.Contains(s.MajorApiVersion)).ToList();
        if (spoken.Count == 0)
        {
            return $"no {what} speaks an API version this client does ({string.Join(", ", versions.Order())}; "
                + $"it names {string.Join(", ", services.Select(s => s.MajorApiVersion).Distinct().Order())})";
        }

        if (spoken.Any(s => s.IsValidAt(now)))
        {
            return $"the selection of services left out every {what} valid now";
        }

        var clock = $"this machine's clock says {Rfc3339.Seconds(now)}";
        var next = spoken.Where(s => s.ValidFor!.Start > now).Select(s => s.ValidFor!.Start).Order().FirstOrDefault();
        if (next != default)
        {
            return $"no {what} is valid yet: the first starts at {Rfc3339.Seconds(next)}, and {clock} (is it behind?)";
        }

        var last = spoken.Max(s => s.ValidFor!.End!.Value);
        return $"every {what} has ended, the last at {Rfc3339.Seconds(last)}, and {clock}";
    }

    /// <summary>
    /// The services of the newest supported version valid at <paramref name="now"/>, cut down by the selector; none
    /// only when the config names none (sigstore-go <c>SelectServices</c> fails likewise when it names some and none
    /// is usable: a signature silently left out of every log is one that verifiers requiring a log entry refuse).
    /// </summary>
    /// <exception cref="SignetFormatException">The config names services of this kind and none can be used now.</exception>
    private static List<Service> Choose(
        IReadOnlyList<Service> services, ServiceConfiguration? selector, DateTimeOffset now, int[] versions, string what)
    {
        foreach (var version in versions)
        {
            var valid = services.Where(s => s.MajorApiVersion == version && s.IsValidAt(now)).ToList();
            if (valid.Count == 0)
            {
                continue;
            }

            var mode = selector?.Selector ?? ServiceSelector.Any;
            return mode switch
            {
                ServiceSelector.All => valid,
                ServiceSelector.Exact when valid.Count < selector!.Count =>
                    throw new SignetFormatException($"signing config: its selector asks for {selector.Count} services of {what}, {valid.Count} are valid now"),
                ServiceSelector.Exact => valid.Take(selector!.Count).ToList(),
                _ => [valid[0]],
            };
        }

        return services.Count == 0 ? [] : throw new SignetFormatException($"signing config: {WhyNone(services, versions, now, what)}");
    }
}
