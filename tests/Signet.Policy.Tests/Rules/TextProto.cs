using System.Globalization;
using System.Text;

namespace Signet.Policy.Tests.Rules;

/// <summary>
/// A protobuf text-format reader for the cel-spec conformance files: messages of <c>name: scalar</c>,
/// <c>name { … }</c> and <c>name: { … }</c> fields, strings with C escapes (octal, \x, \u), comments.
/// </summary>
internal sealed class TextProto
{
    private readonly string _s;
    private int _i;

    private TextProto(string s) => _s = s;

    public sealed class Message
    {
        public List<(string Name, object Value)> Fields { get; } = [];

        public IEnumerable<object> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value);

        public object? One(string name) => All(name).FirstOrDefault();

        public Message? Child(string name) => One(name) as Message;

        public string? Scalar(string name) => One(name) switch { Scalar s => s.Text, _ => null };
    }

    /// <summary>A scalar: the decoded text of a string (as bytes and as UTF-8), or the token of a number or identifier.</summary>
    public sealed record Scalar(string Text, byte[]? Bytes);

    public static Message Parse(string text)
    {
        var p = new TextProto(text);
        var m = p.ReadFields(end: null);
        return m;
    }

    private Message ReadFields(char? end)
    {
        var m = new Message();
        while (true)
        {
            Skip();
            if (_i >= _s.Length)
            {
                return end is null ? m : throw new FormatException("unexpected end");
            }

            if (end is { } e && _s[_i] == e)
            {
                _i++;
                return m;
            }

            var name = Identifier();
            Skip();
            if (_s[_i] == ':')
            {
                _i++;
                Skip();
            }

            if (_s[_i] is '{' or '<')
            {
                var close = _s[_i] == '{' ? '}' : '>';
                _i++;
                m.Fields.Add((name, ReadFields(close)));
            }
            else
            {
                m.Fields.Add((name, ScalarValue()));
            }

            Skip();
            if (_i < _s.Length && _s[_i] is ';' or ',')
            {
                _i++;
            }
        }
    }

    private Scalar ScalarValue()
    {
        if (_s[_i] is '"' or '\'')
        {
            var bytes = new List<byte>();
            while (_i < _s.Length && _s[_i] is '"' or '\'')
            {
                ReadString(bytes);
                Skip();
            }

            var array = bytes.ToArray();
            return new Scalar(Encoding.UTF8.GetString(array), array);
        }

        var start = _i;
        while (_i < _s.Length && !char.IsWhiteSpace(_s[_i]) && _s[_i] is not ('}' or '>' or ';' or ','))
        {
            _i++;
        }

        return new Scalar(_s[start.._i], null);
    }

    private void ReadString(List<byte> bytes)
    {
        var quote = _s[_i++];
        while (_s[_i] != quote)
        {
            var c = _s[_i++];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            var x = _s[_i++];
            switch (x)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'x':
                    var hexStart = _i;
                    while (_i < _s.Length && _i - hexStart < 2 && Uri.IsHexDigit(_s[_i]))
                    {
                        _i++;
                    }

                    bytes.Add(byte.Parse(_s[hexStart.._i], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    break;
                case 'u':
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(int.Parse(_s.AsSpan(_i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
                    _i += 4;
                    break;
                case 'U':
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(int.Parse(_s.AsSpan(_i, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
                    _i += 8;
                    break;
                case >= '0' and <= '7':
                    var value = x - '0';
                    for (var k = 0; k < 2 && _s[_i] is >= '0' and <= '7'; k++)
                    {
                        value = (value * 8) + (_s[_i++] - '0');
                    }

                    bytes.Add((byte)value);
                    break;
                default:
                    bytes.AddRange(Encoding.UTF8.GetBytes(x.ToString()));
                    break;
            }
        }

        _i++;
    }

    private string Identifier()
    {
        var start = _i;
        while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] is '_' or '.' or '[' or ']' or '/'))
        {
            _i++;
        }

        return start == _i ? throw new FormatException($"field name expected at {_i}") : _s[start.._i];
    }

    private void Skip()
    {
        while (_i < _s.Length)
        {
            if (char.IsWhiteSpace(_s[_i]))
            {
                _i++;
            }
            else if (_s[_i] == '#')
            {
                while (_i < _s.Length && _s[_i] != '\n')
                {
                    _i++;
                }
            }
            else
            {
                return;
            }
        }
    }
}
