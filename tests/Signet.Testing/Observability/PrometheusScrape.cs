using System.Globalization;

namespace Signet.Testing.Observability;

/// <summary>
/// One scrape of a Prometheus text exposition (format 0.0.4: <c>name{label="value",…} number</c> per sample line,
/// <c>#</c> comments), read strictly enough for tests to look samples up by name and labels.
/// </summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    /// <summary>Reads <paramref name="text"/>; throws <see cref="FormatException"/> on a line that is not a sample.</summary>
    public PrometheusScrape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var labelsStart = line.IndexOf('{', StringComparison.Ordinal);
            var valueStart = line.LastIndexOf(' ');
            if (valueStart <= 0)
            {
                throw new FormatException($"not a sample line: {line}");
            }

            var name = labelsStart > 0 ? line[..labelsStart] : line[..valueStart];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (labelsStart > 0)
            {
                var end = line.LastIndexOf('}');
                ReadLabels(line[(labelsStart + 1)..end], labels);
            }

            _samples.Add((name, labels, double.Parse(line[(valueStart + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>Whether any sample is named <paramref name="name"/>.</summary>
    public bool Has(string name) => _samples.Any(s => s.Name == name);

    private static void ReadLabels(string text, Dictionary<string, string> labels)
    {
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var key = text[i..eq].Trim(',', ' ');
            var value = new System.Text.StringBuilder();
            var j = eq + 2; // past ="
            for (; text[j] != '"'; j++)
            {
                if (text[j] == '\\')
                {
                    j++;
                    value.Append(text[j] == 'n' ? '\n' : text[j]);
                }
                else
                {
                    value.Append(text[j]);
                }
            }

            labels[key] = value.ToString();
            i = j + 1;
        }
    }
}
