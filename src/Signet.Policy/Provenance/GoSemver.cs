namespace Signet.Policy.Provenance;

/// <summary>
/// Semantic versions as Go's golang.org/x/mod/semver reads them, which is what slsa-verifier applies to tags: a leading
/// <c>v</c>, <c>vMAJOR</c> and <c>vMAJOR.MINOR</c> shorthands (no pre-release or build on a shorthand), numbers without
/// leading zeros, and a build suffix that <see cref="Canonical"/> drops (semver.org §10: build metadata has no precedence).
/// </summary>
internal readonly record struct GoSemver(string Major, string Minor, string Patch, string Prerelease, string Build, string Short)
{
    public static bool TryParse(string v, out GoSemver version)
    {
        version = default;
        if (v.Length == 0 || v[0] != 'v')
        {
            return false;
        }

        var i = 1;
        if (!Number(v, ref i, out var major))
        {
            return false;
        }

        if (i == v.Length)
        {
            version = new GoSemver("v" + major, "0", "0", "", "", ".0.0");
            return true;
        }

        i++;
        if (v[i - 1] != '.' || !Number(v, ref i, out var minor))
        {
            return false;
        }

        if (i == v.Length)
        {
            version = new GoSemver("v" + major, minor, "0", "", "", ".0");
            return true;
        }

        i++;
        if (v[i - 1] != '.' || !Number(v, ref i, out var patch))
        {
            return false;
        }

        if (!Suffix(v, ref i, '-', numericRule: true, out var pre) || !Suffix(v, ref i, '+', numericRule: false, out var build)
            || i != v.Length)
        {
            return false;
        }

        version = new GoSemver("v" + major, minor, patch, pre, build, "");
        return true;
    }

    public static bool IsValid(string v) => TryParse(v, out _);

    /// <summary>Go's <c>semver.Canonical</c>: shorthands completed with <c>.0</c>, build metadata dropped; "" when invalid.</summary>
    public static string Canonical(string v)
    {
        if (!TryParse(v, out var p))
        {
            return "";
        }

        if (p.Build.Length > 0)
        {
            return v[..^p.Build.Length];
        }

        return p.Short.Length > 0 ? v + p.Short : v;
    }

    private static bool Number(string v, ref int i, out string number)
    {
        var start = i;
        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
        }

        number = v[start..i];

        // semver.org §2: no leading zeros.
        return number.Length > 0 && (number.Length == 1 || number[0] != '0');
    }

    /// <summary>
    /// semver.org §9 (pre-release, <c>-</c>) and §10 (build metadata, <c>+</c>): when <paramref name="marker"/> stands at
    /// <paramref name="i"/>, the marker and its identifiers as <paramref name="part"/>; without the marker, an empty part.
    /// </summary>
    private static bool Suffix(string v, ref int i, char marker, bool numericRule, out string part)
    {
        part = "";
        if (i == v.Length || v[i] != marker)
        {
            return true;
        }

        var start = i;
        if (!Identifiers(v, ref i, numericRule))
        {
            return false;
        }

        part = v[start..i];
        return true;
    }

    /// <summary>semver.org §9/§10: dot-separated non-empty [0-9A-Za-z-] identifiers after the '-' or '+' at <paramref name="i"/>.</summary>
    private static bool Identifiers(string v, ref int i, bool numericRule)
    {
        i++;
        var start = i;
        while (true)
        {
            var idStart = i;
            var digitsOnly = true;
            while (i < v.Length && (char.IsAsciiLetterOrDigit(v[i]) || v[i] == '-'))
            {
                digitsOnly &= char.IsAsciiDigit(v[i]);
                i++;
            }

            var length = i - idStart;
            if (length == 0 || (numericRule && digitsOnly && length > 1 && v[idStart] == '0'))
            {
                return false;
            }

            if (i < v.Length && v[i] == '.')
            {
                i++;
                continue;
            }

            return i > start;
        }
    }
}
