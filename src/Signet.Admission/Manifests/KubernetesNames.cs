using Signet.Core;

namespace Signet.Admission.Manifests;

/// <summary>
/// The names Kubernetes accepts for the objects the manifests create or refer to (Kubernetes "Object Names and IDs"):
/// namespaces and services are RFC 1123 labels, secrets RFC 1123 subdomains. A name is checked before it is used
/// anywhere, in a certificate's DNS names or unquoted in YAML.
/// </summary>
public static class KubernetesNames
{
    /// <summary>Throws <see cref="SignetFormatException"/> unless <paramref name="value"/> is an RFC 1123 label:
    /// 1 to 63 of a-z, 0-9 and '-', starting and ending with a letter or digit.</summary>
    /// <param name="what">What the name is for, named in the message.</param>
    /// <param name="value">The name.</param>
    public static void RequireLabel(string what, string value)
    {
        if (!IsLabel(value))
        {
            throw new SignetFormatException($"{what} '{value}' is not a DNS label (RFC 1123: a-z, 0-9 and '-', at most 63)");
        }
    }

    /// <summary>Throws <see cref="SignetFormatException"/> unless <paramref name="value"/> is an RFC 1123 subdomain:
    /// at most 253 characters, labels joined by '.'.</summary>
    /// <param name="what">What the name is for, named in the message.</param>
    /// <param name="value">The name.</param>
    public static void RequireSubdomain(string what, string value)
    {
        if (value.Length > 253 || !value.Split('.').All(IsLabel))
        {
            throw new SignetFormatException($"{what} '{value}' is not a DNS subdomain (RFC 1123: labels of a-z, 0-9 and '-' joined by '.', at most 253)");
        }
    }

    private static bool IsLabel(string value) =>
        value.Length is > 0 and <= 63
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && value[0] != '-' && value[^1] != '-';
}
