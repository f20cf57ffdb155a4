using Signet.Files;

namespace Signet.Log.Ct;

/// <summary>
/// The extra_data of each CT log entry (RFC 6962 §4.6: the submitted chain), kept beside the log engine's leaves as
/// files content-addressed by leaf hash (<c>DIR/&lt;hex[0..2]&gt;/&lt;hex&gt;</c>). A file is written durably before its leaf
/// is sequenced, so <c>get-entries</c> never finds a leaf without its chain.
/// </summary>
/// <param name="directory">Where the files live (the server uses <c>DATA/ct/extra</c>).</param>
public sealed class ExtraDataStore(string directory) : IExtraDataStore
{
    /// <inheritdoc/>
    public async Task WriteAsync(byte[] leafHash, byte[] extraData, CancellationToken cancellationToken)
    {
        var path = PathOf(leafHash);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await DurableFile.ReplaceAsync(path, extraData, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<byte[]> ReadAsync(byte[] leafHash, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(PathOf(leafHash), cancellationToken);

    private string PathOf(byte[] leafHash)
    {
        var hex = Convert.ToHexStringLower(leafHash);
        return Path.Combine(directory, hex[..2], hex);
    }
}
