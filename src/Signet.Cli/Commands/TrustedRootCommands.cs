using System.CommandLine;
using System.Globalization;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet trusted-root create</c> (cosign's <c>trusted-root create</c>, with its flag names): composes a
/// <c>trusted_root.json</c> from CA chains, transparency-log keys, CT log keys and TSA chains, each with a validity window.
/// Repeated flags of one kind pair up by position: the second <c>--rekor-url</c> belongs to the second <c>--rekor-key</c>.
/// A log key's window needs a start (<c>--rekor-start-time</c>, <c>--ctfe-start-time</c>, RFC 3339); a chain's starts
/// by default where its first certificate does. Log IDs are computed as Sigstore's clients compute them
/// (<see cref="TrustedRootEntries"/>).
/// </summary>
internal static class TrustedRootCommands
{
    private const int MaxInputBytes = 1024 * 1024;

    public static Command Create() => CommandCatalog.Group("trusted-root", "Compose Sigstore trusted roots", CreateCommand());

    private static Command CreateCommand()
    {
        var chains = Many("--certificate-chain", "PEM chain of a CA: issuing certificate first, root last (repeatable)");
        var fulcioUris = Many("--fulcio-uri", "URL of the CA of the --certificate-chain at the same position");
        var caStarts = Many("--ca-start-time", "RFC 3339 start of the CA's window (default: its first certificate's notBefore)");
        var caEnds = Many("--ca-end-time", "RFC 3339 end of the CA's window (default: open)");
        var rekorKeys = Many("--rekor-key", "PEM public key of a transparency log; for Rekor v2 append its checkpoint origin: KEY.pem,ORIGIN (repeatable)");
        var rekorUrls = Many("--rekor-url", "URL of the log of the --rekor-key at the same position");
        var rekorStarts = Many("--rekor-start-time", "RFC 3339 start of the log key's window (required)");
        var rekorEnds = Many("--rekor-end-time", "RFC 3339 end of the log key's window (default: open)");
        var ctKeys = Many("--ctfe-key", "PEM public key of a certificate transparency log (repeatable)");
        var ctUrls = Many("--ctfe-url", "URL of the CT log of the --ctfe-key at the same position");
        var ctStarts = Many("--ctfe-start-time", "RFC 3339 start of the CT key's window (required)");
        var ctEnds = Many("--ctfe-end-time", "RFC 3339 end of the CT key's window (default: open)");
        var tsaChains = Many("--timestamp-certificate-chain", "PEM chain of an RFC 3161 TSA: signing certificate first, root last (repeatable)");
        var tsaUris = Many("--timestamp-uri", "URL of the TSA of the chain at the same position");
        var tsaStarts = Many("--timestamp-start-time", "RFC 3339 start of the TSA's window (default: its first certificate's notBefore)");
        var tsaEnds = Many("--timestamp-end-time", "RFC 3339 end of the TSA's window (default: open)");
        var output = new Option<string?>("--out") { Description = "Write the trusted root here (default: standard output)" };
        var command = new Command("create", "Compose a trusted_root.json from CA chains, log keys, CT keys and TSA chains")
        {
            chains, fulcioUris, caStarts, caEnds, rekorKeys, rekorUrls, rekorStarts, rekorEnds, ctKeys, ctUrls, ctStarts, ctEnds,
            tsaChains, tsaUris, tsaStarts, tsaEnds, output,
        };
        command.SetRunner(async (parse, ct) =>
        {
            var cas = Paired(parse, chains, fulcioUris, caStarts, caEnds, (path, uri, window) => Authority(path, uri, window));
            var tsas = Paired(parse, tsaChains, tsaUris, tsaStarts, tsaEnds, (path, uri, window) => Authority(path, uri, window));
            var tlogs = Paired(parse, rekorKeys, rekorUrls, rekorStarts, rekorEnds, (spec, url, window) =>
            {
                var comma = spec.IndexOf(',', StringComparison.Ordinal);
                var origin = comma < 0 ? null : spec[(comma + 1)..];
                return TrustedRootEntries.TransparencyLog(url ?? (origin is null ? "" : "https://" + origin), PublicKey(comma < 0 ? spec : spec[..comma], "--rekor-key"), RequireStart(window, "--rekor-start-time"), origin);
            });
            var ctlogs = Paired(parse, ctKeys, ctUrls, ctStarts, ctEnds, (path, url, window) =>
                TrustedRootEntries.CtLog(url ?? "", PublicKey(path, "--ctfe-key"), RequireStart(window, "--ctfe-start-time")));
            if (cas.Count + tsas.Count + tlogs.Count + ctlogs.Count == 0)
            {
                throw new UsageException("name at least one --certificate-chain, --rekor-key, --ctfe-key or --timestamp-certificate-chain");
            }

            var json = new TrustedRoot(MediaTypes.TrustedRootV01Suffix, tlogs, cas, ctlogs, tsas).ToJson();
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path, json, ct).ConfigureAwait(false);
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(json)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string[]> Many(string name, string description) => new(name) { Description = description, AllowMultipleArgumentsPerToken = false };

    /// <summary>Each value of <paramref name="main"/> with the URL and window flags at its position.</summary>
    private static List<T> Paired<T>(ParseResult parse, Option<string[]> main, Option<string[]> urls, Option<string[]> starts, Option<string[]> ends,
        Func<string, string?, (DateTimeOffset? Start, DateTimeOffset? End), T> make)
    {
        var values = parse.GetValue(main) ?? [];
        foreach (var extra in new[] { urls, starts, ends })
        {
            if ((parse.GetValue(extra) ?? []).Length > values.Length)
            {
                throw new UsageException($"{extra.Name} is given more often than {main.Name}");
            }
        }

        return values.Select((v, i) =>
        {
            var start = At(parse.GetValue(starts), i, starts.Name);
            var end = At(parse.GetValue(ends), i, ends.Name);
            if (start is { } s && end is { } e && e < s)
            {
                throw new UsageException($"{ends.Name} {e:O} is before {starts.Name} {s:O}");
            }

            return make(v, (parse.GetValue(urls) ?? []) is var u && i < u.Length ? u[i] : null, (start, end));
        }).ToList();
    }

    private static DateTimeOffset? At(string[]? values, int i, string name)
    {
        if (values is null || i >= values.Length)
        {
            return null;
        }

        return DateTimeOffset.TryParse(values[i], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && values[i].Contains('T', StringComparison.Ordinal)
            ? t.ToUniversalTime()
            : throw new UsageException($"{name} '{values[i]}' is not an RFC 3339 time (e.g. 2025-01-01T00:00:00Z)");
    }

    private static TimeRange RequireStart((DateTimeOffset? Start, DateTimeOffset? End) window, string flag) =>
        new(window.Start ?? throw new UsageException($"{flag} is required for each key (when the key began to sign)"), window.End);

    private static CertificateAuthority Authority(string path, string? uri, (DateTimeOffset? Start, DateTimeOffset? End) window)
    {
        var text = System.Text.Encoding.UTF8.GetString(CliFiles.Read(path, "certificate chain", MaxInputBytes));
        var blocks = Pem.DecodeAll(text);
        if (blocks.Count == 0 || blocks.Any(b => b.Label != PemLabels.Certificate))
        {
            throw new SignetFormatException($"{path}: expected one or more CERTIFICATE PEM blocks");
        }

        var chain = blocks.Select((b, i) => CertificateDecoder.Load(b.Der, $"{path} certificate {i}")).ToList();
        try
        {
            return TrustedRootEntries.Authority(chain, uri ?? "", new TimeRange(window.Start ?? new DateTimeOffset(chain[0].NotBefore.ToUniversalTime(), TimeSpan.Zero), window.End));
        }
        finally
        {
            chain.ForEach(c => c.Dispose());
        }
    }

    private static VerificationKey PublicKey(string path, string flag)
    {
        var text = System.Text.Encoding.UTF8.GetString(CliFiles.Read(path, flag, MaxInputBytes));
        return text.Contains("PRIVATE KEY", StringComparison.Ordinal)
            ? throw new SignetFormatException($"{flag} {path}: a private key; give the public key (signet public-key --key {path})")
            : VerificationKey.FromPem(text);
    }
}
