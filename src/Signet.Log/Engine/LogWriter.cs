using Signet.Core;
using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Storage;
using Signet.Log.Telemetry;

namespace Signet.Log.Engine;

/// <summary>
/// Appends through a <see cref="LogAppender"/> (batches concurrent entries into one durable sequencing transaction,
/// wakes the integrator after each) and, for <see cref="AppendAsync"/>, waits in the publisher's size-ordered queue
/// until a published checkpoint covers the entry.
/// </summary>
internal sealed class LogWriter : ILogWriter, IAsyncDisposable
{
    private readonly LogAppender _appender;
    private readonly Publication _publication;
    private readonly LogOptions _options;
    private readonly TimeProvider _time;

    internal LogWriter(ISequencer sequencer, CheckpointPublisher publisher, LogOptions options, TimeProvider time)
    {
        _publication = publisher.Publication;
        _options = options;
        _time = time;
        _appender = new LogAppender(sequencer, options, time, publisher.Wake);
    }

    /// <inheritdoc/>
    public async Task<SequencedEntry> SequenceAsync(byte[] body, IReadOnlyList<string> searchKeys, CancellationToken cancellationToken)
    {
        using var activity = LogTelemetry.Source.StartActivity("log.sequence");
        activity?.SetTag(LogTelemetry.OriginTag, _options.Origin);
        var sequenced = await _appender.AddAsync(Pending(body, searchKeys), cancellationToken).ConfigureAwait(false);
        activity?.SetTag("signet.log.index", sequenced.Index);
        return sequenced;
    }

    /// <inheritdoc/>
    public async Task<AppendResult> AppendAsync(byte[] body, IReadOnlyList<string> searchKeys, CancellationToken cancellationToken)
    {
        using var activity = LogTelemetry.Source.StartActivity("log.append");
        activity?.SetTag(LogTelemetry.OriginTag, _options.Origin);
        var entry = Pending(body, searchKeys);
        var sequenced = await _appender.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("signet.log.index", sequenced.Index);
        var durableAt = _time.GetTimestamp();
        try
        {
            var state = await _publication.SizeReached(sequenced.Index + 1).WaitAsync(_options.PublicationTimeout, _time, cancellationToken).ConfigureAwait(false);
            LogTelemetry.IntegrationLag.Record(_time.GetElapsedTime(durableAt).TotalSeconds, LogTelemetry.Origin(_options.Origin));
            return new AppendResult(sequenced.Index, sequenced.IntegratedTime, sequenced.Duplicate, entry.LeafHash, state);
        }
        catch (TimeoutException)
        {
            LogTelemetry.RecordPushback(_options.Origin, "publication_timeout");
            throw new LogPushbackException($"entry {sequenced.Index} is durable but no checkpoint covered it within {_options.PublicationTimeout.TotalSeconds:0} s");
        }
        catch (LogPushbackException)
        {
            LogTelemetry.RecordPushback(_options.Origin, "waiting_writes");
            throw;
        }
    }

    private static PendingEntry Pending(byte[] body, IReadOnlyList<string> searchKeys)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(searchKeys);
        // C2SP tlog-tiles "Log Entries": a bundle length-prefixes each entry with 16 bits.
        if (body.Length > EntryBundle.MaxEntrySize)
        {
            throw new SignetFormatException($"the entry is {body.Length} bytes; the log stores at most {EntryBundle.MaxEntrySize}");
        }

        return new PendingEntry(Rfc6962.HashLeaf(body), body, searchKeys); // RFC 6962 §2.1: the leaf is the body
    }

    /// <summary>Sequences what was accepted, then refuses further entries.</summary>
    public ValueTask DisposeAsync() => _appender.DisposeAsync();
}
