using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Signet.Log.Engine;

namespace Signet.Log.Tests;

/// <summary>Checks a signed checkpoint the way a client does: the Ed25519 signature line with the log's key hash
/// over the note text, then origin, size and root (C2SP signed-note / tlog-checkpoint).</summary>
public static class CheckpointReader
{
    public static (ulong Size, byte[] Root) Verify(byte[] note, LogKey key)
    {
        var text = Encoding.UTF8.GetString(note);
        var split = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        Assert.True(split > 0, "note has no blank line");
        var body = text[..(split + 1)];
        var lines = text[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var verified = false;
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            Assert.Equal("\u2014", parts[0]);
            var sig = Convert.FromBase64String(parts[2]);
            if (parts[1] == key.Name && BinaryPrimitives.ReadUInt32BigEndian(sig) == key.KeyHash)
            {
                Assert.True(key.PublicKey.Verify(Encoding.UTF8.GetBytes(body), sig.AsSpan(4)), "checkpoint signature does not verify");
                verified = true;
            }
        }

        Assert.True(verified, "no signature by the log key");
        var b = body.Split('\n');
        Assert.Equal(key.Name, b[0]);
        return (ulong.Parse(b[1], CultureInfo.InvariantCulture), Convert.FromBase64String(b[2]));
    }
}
