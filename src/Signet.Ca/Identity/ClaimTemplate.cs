using System.Text;

namespace Signet.Ca.Identity;

/// <summary>
/// Fulcio's CI claim templates (<c>pkg/identity/ciprovider</c>): a value without <c>{{</c> names a claim; otherwise
/// each <c>{{ .name }}</c> is replaced by that value. Only this placeholder form is supported; anything else is
/// a configuration error, never silently kept.
/// </summary>
public static class ClaimTemplate
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(" {}|\"()");

    public static string Apply(string template, IReadOnlyDictionary<string, string> values, string purpose)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return values.TryGetValue(template, out var direct)
                ? direct
                : throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, $"identity token: claim '{template}' ({purpose}) is missing");
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            var close = template.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidOperationException($"template '{template}': '{{{{' without '}}}}'");
            }

            var name = template[(open + 2)..close].Trim();
            if (name.Length < 2 || name[0] != '.' || name.AsSpan(1).ContainsAny(Forbidden))
            {
                throw new InvalidOperationException($"template '{template}': only '{{{{ .claim }}}}' placeholders are supported");
            }

            var key = name[1..];
            if (!values.TryGetValue(key, out var v))
            {
                throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, $"identity token: claim '{key}' ({purpose}) is missing");
            }

            sb.Append(v);
            i = close + 2;
        }

        return sb.ToString();
    }
}
