using System.Text;
using System.Text.RegularExpressions;
using Signet.Core;

namespace Signet.Policy.Policies;

/// <summary>
/// An image glob of <c>spec.images[].glob</c>, as policy-controller matches them: <c>*</c> any run of characters
/// other than <c>/</c>, <c>**</c> any run, <c>?</c> one character, <c>[…]</c> a class. A glob without a registry
/// (no '.' or ':' before the first '/', and not localhost) is about Docker Hub: <c>index.docker.io/</c> is prefixed, and
/// <c>library/</c> for a single-name repository; <c>docker.io/</c> is read as <c>index.docker.io/</c>. Matched against the image reference with its tag or digest, and without it.
/// </summary>
public sealed class ImageGlob
{
    private readonly Regex _regex;

    private ImageGlob(string glob, Regex regex)
    {
        Glob = glob;
        _regex = regex;
    }

    /// <summary>The glob as written.</summary>
    public string Glob { get; }

    /// <summary>Compiles <paramref name="glob"/>; null when it is not a valid glob.</summary>
    public static ImageGlob? TryParse(string glob)
    {
        if (glob.Length == 0)
        {
            return null;
        }

        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    sb.Append(".*");
                    i++;
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0 || end == i + 1)
                    {
                        return null;
                    }

                    var body = glob[(i + 1)..end];
                    var negate = body.StartsWith('^') || body.StartsWith('!');
                    sb.Append('[').Append(negate ? "^" : "").Append(Regex.Escape(negate ? body[1..] : body).Replace("\\-", "-", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '\\':
                    return null;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        try
        {
            return new ImageGlob(glob, new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="image"/> (<c>registry/repo[:tag][@digest]</c>) matches.</summary>
    public bool Matches(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var full = Qualify(image);
        var at = full.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at < 0 ? full : full[..at];
        var slash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        var repository = colon > slash ? withoutDigest[..colon] : withoutDigest;
        var qualifiedGlob = Qualify(Glob);
        var regex = qualifiedGlob == Glob ? _regex : TryParse(qualifiedGlob)?._regex ?? _regex;
        return regex.IsMatch(full) || regex.IsMatch(withoutDigest) || regex.IsMatch(repository) || _regex.IsMatch(image);
    }

    private static string Qualify(string reference)
    {
        if (reference.StartsWith('*'))
        {
            return reference;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : reference[..slash];
        var hasRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        if (first == "docker.io")
        {
            // go-containerregistry names Docker Hub index.docker.io, with library/ for official images.
            var rest = reference[(slash + 1)..];
            return "index.docker.io/" + (rest.Contains('/', StringComparison.Ordinal) ? rest : "library/" + rest);
        }

        if (hasRegistry)
        {
            return reference;
        }

        return slash < 0 ? "index.docker.io/library/" + reference : "index.docker.io/" + reference;
    }

    /// <summary>The glob, or an invalid-input error naming its path.</summary>
    internal static ImageGlob Parse(string glob, string path)
        => TryParse(glob) ?? throw new SignetFormatException($"invalid value: {glob}: {path}");
}
