using Signet.Core;
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
        var logs = Choose(config.RekorTlogUrls, config.RekorTlogConfig, now, s_logVersions, "rekorTlogUrls");
        var tsas = Choose(config.TsaUrls, config.TsaConfig, now, [1], "tsaUrls");
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

        var v1 = config.RekorTlogUrls.FirstOrDefault(s => s.MajorApiVersion == 1 && s.IsValidAt(now))
            ?? throw new SignetFormatException($"signing config: {why}, and no Rekor v1 log (majorApiVersion 1) is valid now");
        return services with { Logs = [v1] };
    }

    /// <summary>The services of the newest supported version valid at <paramref name="now"/>, cut down by the selector.</summary>
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
                    throw new SignetFormatException($"signing config: {what} asks for exactly {selector.Count} services, {valid.Count} are valid now"),
                ServiceSelector.Exact => valid.Take(selector!.Count).ToList(),
                _ => [valid[0]],
            };
        }

        return [];
    }
}
