using Signet.Core;
using Signet.Core.Notes;

namespace Signet.Log.Witnessing;

/// <summary>A witness a log submits its checkpoints to (C2SP tlog-witness): its submission URL prefix and its
/// tlog-cosignature v1 verifier key.</summary>
/// <param name="Url">The submission prefix; <c>add-checkpoint</c> is posted below it.</param>
/// <param name="Key">The witness's verifier key (type 0x04).</param>
public sealed record LogWitness(Uri Url, CosignatureV1Verifier Key)
{
    /// <summary>The witness's name (its key name).</summary>
    public string Name => Key.Name;

    /// <summary>Parses <c>URL=VERIFIER_KEY</c> (<c>signet serve --witness</c>). A URL may hold <c>=</c>, so the split
    /// is at the first <c>=</c> after which a valid witness key follows.</summary>
    /// <param name="value">The option's value.</param>
    public static LogWitness Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SignetFormatException? last = null;
        for (var eq = value.IndexOf('=', StringComparison.Ordinal); eq > 0; eq = value.IndexOf('=', eq + 1))
        {
            try
            {
                var key = NoteVerifierKey.ParseCosigner(value[(eq + 1)..].Trim());
                var url = value[..eq].TrimEnd('/') + "/";
                return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    ? new LogWitness(uri, key)
                    : throw new SignetFormatException($"--witness '{value}': '{value[..eq]}' is not an http(s) URL");
            }
            catch (SignetFormatException e)
            {
                last = e;
            }
        }

        throw new SignetFormatException($"--witness '{value}': not URL=VERIFIER_KEY" + (last is null ? "" : $" ({last.Message})"));
    }
}

/// <summary>How a log uses its witnesses, built once and validated on start.</summary>
public sealed record WitnessingOptions
{
    /// <summary>How many cosignatures a checkpoint needs before the log serves it (0: every checkpoint is served at
    /// once, with the cosignatures collected so far).</summary>
    public int Quorum { get; init; }

    /// <summary>How long a checkpoint waits for its quorum; after that it is served with the cosignatures it has, so a
    /// witness that is down delays answers by at most this and never stops the log.</summary>
    public TimeSpan QuorumTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two submissions to one witness. A log publishes a checkpoint after every
    /// integration batch; cosigning each of them would spend the log's and the witness's CPU on checkpoints nobody asks
    /// for, so a witness is sent the newest checkpoint at most this often (C2SP tlog-witness leaves the cadence to the
    /// log; tessera publishes, and so witnesses, about once a second). With a <see cref="Quorum"/> this bounds how long
    /// a new checkpoint waits to be served.</summary>
    public TimeSpan SubmissionInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first pause after a failed submission; doubled after each further failure.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between submissions to a failing witness.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest one <c>add-checkpoint</c> request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> when the quorum exceeds <paramref name="witnesses"/> or a time is out of range.</summary>
    /// <param name="witnesses">How many witnesses are configured.</param>
    public void Validate(int witnesses)
    {
        if (Quorum < 0 || Quorum > witnesses)
        {
            throw new ArgumentException($"--witness-quorum {Quorum} is not between 0 and the {witnesses} witness(es) given");
        }

        if (QuorumTimeout < TimeSpan.Zero || SubmissionInterval < TimeSpan.Zero || MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("witnessing times are out of range");
        }
    }
}
