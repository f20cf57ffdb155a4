using System.Text;

namespace Signet.Fuzz;

/// <summary>
/// A small coverage-blind mutator for the in-process smoke run (<c>smoke</c>): stacks 1–8 edits on a seed — bit
/// flips, boundary bytes, inserted or deleted ranges, repeated ranges, splices with another seed, and tokens that
/// break JSON, DER and note text. AFL (<c>afl</c>) is the coverage-guided fuzzer; this one needs nothing installed.
/// </summary>
public sealed class Mutator(IReadOnlyList<byte[]> seeds, int randomSeed)
{
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "0", "1e999", "-0.0", "18446744073709551616",
            "\\ud800", "\\udc00", "\\u0000", "\\", "\n", "\n\n", "\u2014 ", " ", "+", "/", "=", "==", "AAAA", "\"\":\"\"",
            "{\"a\":", "[[[[[[[[", "\"sha256:", "-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n",
        }.Select(Encoding.UTF8.GetBytes),
        [0x30, 0x80], [0x30, 0x84, 0xff, 0xff, 0xff, 0xff], [0x02, 0x00], [0x06, 0x00], [0x04, 0x81], [0xa0, 0x82, 0x7f, 0xff],
        [0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x00],
    ];

    private static readonly byte[] Boundaries = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x30, 0x22, 0x5c, 0x0a];

    private readonly Random _random = new(randomSeed);

    public byte[] Next()
    {
        var data = new List<byte>(seeds.Count == 0 ? [] : seeds[_random.Next(seeds.Count)]);
        var edits = 1 + _random.Next(8);
        for (var i = 0; i < edits; i++)
        {
            Edit(data);
        }

        return [.. data];
    }

    private void Edit(List<byte> data)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count + 1);
        switch (_random.Next(9))
        {
            case 0 when data.Count > 0:
                data[Math.Min(at, data.Count - 1)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[Math.Min(at, data.Count - 1)] = Boundaries[_random.Next(Boundaries.Length)];
                break;
            case 2:
                data.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(Math.Min(at, data.Count - 1), Math.Min(data.Count - Math.Min(at, data.Count - 1), 1 + _random.Next(16)));
                break;
            case 4 when data.Count > 1:
                var start = _random.Next(data.Count);
                var length = Math.Min(data.Count - start, 1 + _random.Next(64));
                var copy = data.GetRange(start, length);
                data.InsertRange(at, Enumerable.Repeat(copy, 1 + _random.Next(4)).SelectMany(c => c));
                break;
            case 5 when seeds.Count > 1:
                var other = seeds[_random.Next(seeds.Count)];
                var from = _random.Next(other.Length + 1);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 6 when data.Count > 0:
                data.RemoveRange(at, data.Count - at); // truncation
                break;
            case 7:
                data.Insert(at, (byte)_random.Next(256));
                break;
            default:
                if (data.Count > 0)
                {
                    data[_random.Next(data.Count)] = (byte)_random.Next(256);
                }

                break;
        }
    }
}
