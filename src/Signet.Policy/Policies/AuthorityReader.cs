using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Policy.Rules;

namespace Signet.Policy.Policies;

/// <summary>Reads one <c>spec.authorities[i]</c>: exactly one of key, keyless and static, then its log and attestations.</summary>
internal static class AuthorityReader
{
    private static readonly string[] CtlogKeyFields = ["trustRootRef", "pubKey"];
    private static readonly string[] RemotePolicyFields = ["configMapRef", "remote", "fetchConfigFile", "includeSpec", "includeObjectMeta", "includeTypeMeta"];

    public static PolicyAuthority? Read(YamlDocument a, int index, FieldErrors errors)
    {
        foreach (var unknown in a.UnknownKeys("name", "key", "keyless", "static", "attestations", "ctlog", "source", "rfc3161timestamp"))
        {
            errors.Unknown(a.Sub(unknown));
        }

        if (a.Has("source"))
        {
            errors.Unsupported(a.Sub("source"), "signatures stored in another repository");
        }

        if (a.Has("rfc3161timestamp"))
        {
            errors.Unsupported(a.Sub("rfc3161timestamp"), "a timestamp authority of the authority's own; timestamps are checked against the trusted root");
        }

        var kinds = new[] { "key", "keyless", "static" };
        var present = kinds.Count(a.Has);
        var paths = kinds.Select(a.Sub).ToArray();
        if (present == 0)
        {
            errors.Neither(paths);
        }
        else if (present > 1)
        {
            errors.Both(paths);
        }

        var name = errors.Try(() => a.String("name")) ?? $"authority-{index}";
        var ctlog = ReadCtlog(a, errors);
        var attestations = ReadAttestations(a, errors);
        var key = a.Has("key") ? ReadKey(a, errors) : null;
        var keyless = a.Has("keyless") ? ReadKeyless(a, errors) : null;
        var stat = a.Has("static") ? ReadStatic(a, errors) : null;
        if (stat is not null && attestations.Count > 0)
        {
            errors.Add($"{a.Sub("attestations")}: a static authority checks no attestations");
        }

        if (present != 1 || errors.Any)
        {
            return null;
        }

        return (key, keyless, stat) switch
        {
            ({ } k, _, _) => new KeyAuthority(name, k, ctlog, attestations),
            (_, { } kl, _) => new KeylessAuthority(name, kl.Identities, kl.Url, ctlog, attestations),
            (_, _, { } s) => new StaticAuthority(name, s.Pass, s.Message),
            _ => null,
        };
    }

    private static string? ReadCtlog(YamlDocument a, FieldErrors errors)
    {
        var ctlog = errors.Try(() => a.Map("ctlog"));
        if (ctlog is null)
        {
            return null;
        }

        foreach (var unknown in ctlog.UnknownKeys("url", "trustRootRef", "pubKey"))
        {
            errors.Unknown(ctlog.Sub(unknown));
        }

        foreach (var field in CtlogKeyFields.Where(ctlog.Has))
        {
            errors.Unsupported(ctlog.Sub(field), "a log key of the authority's own; logs come from the trusted root");
        }

        return Url(ctlog, "url", errors);
    }

    private static VerificationKey? ReadKey(YamlDocument a, FieldErrors errors)
    {
        var key = errors.Try(() => a.Map("key"));
        if (key is null)
        {
            return null;
        }

        foreach (var unknown in key.UnknownKeys("data", "kms", "secretRef", "hashAlgorithm"))
        {
            errors.Unknown(key.Sub(unknown));
        }

        var sources = new[] { "data", "kms", "secretRef" };
        var sourcePaths = new[] { key.Sub("data"), key.Sub("kms"), key.Sub("secretref") };
        var count = sources.Count(key.Has);
        if (count == 0)
        {
            errors.Neither(sourcePaths);
        }
        else if (count > 1)
        {
            errors.Both(sourcePaths);
        }

        if (key.Has("kms"))
        {
            errors.Unsupported(key.Sub("kms"), "keys held in a KMS");
        }

        if (key.Has("secretRef"))
        {
            errors.Unsupported(key.Sub("secretRef"), "keys read from a Kubernetes Secret");
        }

        if (errors.Try(() => key.String("hashAlgorithm")) is { } hash)
        {
            if (hash is not ("sha224" or "sha256" or "sha384" or "sha512"))
            {
                errors.Invalid(hash, key.Sub("hashAlgorithm"));
            }
            else if (hash != "sha256")
            {
                errors.Unsupported(key.Sub("hashAlgorithm"), $"signatures over {hash} digests; Signet's key signatures are over SHA-256");
            }
        }

        var data = errors.Try(() => key.String("data"));
        if (data is null)
        {
            return null;
        }

        try
        {
            return VerificationKey.FromPem(data);
        }
        catch (SignetFormatException)
        {
            errors.Invalid(data.Trim(), key.Sub("data"), "not a PEM public key");
            return null;
        }
    }

    private static (IReadOnlyList<CertificateIdentity> Identities, string? Url)? ReadKeyless(YamlDocument a, FieldErrors errors)
    {
        var keyless = errors.Try(() => a.Map("keyless"));
        if (keyless is null)
        {
            return null;
        }

        foreach (var unknown in keyless.UnknownKeys("url", "identities", "ca-cert", "trustRootRef", "insecureIgnoreSCT"))
        {
            errors.Unknown(keyless.Sub(unknown));
        }

        if (keyless.Has("url") && keyless.Has("ca-cert"))
        {
            errors.Both(keyless.Sub("ca-cert"), keyless.Sub("url"));
        }

        foreach (var (field, what) in new[] { ("ca-cert", "a CA of the authority's own"), ("trustRootRef", "a trust root of the authority's own"), ("insecureIgnoreSCT", "skipping the certificate's SCT check") })
        {
            if (keyless.Has(field))
            {
                errors.Unsupported(keyless.Sub(field), what + "; CAs and CT logs come from the trusted root");
            }
        }

        var url = Url(keyless, "url", errors);
        var nodes = errors.Try(() => keyless.Sequence("identities")) ?? [];
        if (nodes.Count == 0)
        {
            errors.Add($"{keyless.Sub("identities")}: Invalid value: at least one identity (issuer or issuerRegExp, subject or subjectRegExp) is required");
        }

        var identities = new List<CertificateIdentity>();
        foreach (var id in nodes)
        {
            foreach (var unknown in id.UnknownKeys("issuer", "issuerRegExp", "subject", "subjectRegExp"))
            {
                errors.Unknown(id.Sub(unknown));
            }

            var issuer = Matcher(id, "issuer", errors);
            var subject = Matcher(id, "subject", errors);
            if (issuer is not null && subject is not null)
            {
                identities.Add(new CertificateIdentity(subject, issuer));
            }
        }

        return (identities, url);
    }

    /// <summary>Exactly one of FIELD and FIELDRegExp (policy-controller Identity validation), compiled.</summary>
    private static StringMatcher? Matcher(YamlDocument id, string field, FieldErrors errors)
    {
        var exact = errors.Try(() => id.String(field));
        var pattern = errors.Try(() => id.String(field + "RegExp"));
        if (exact is null && pattern is null)
        {
            errors.Missing(id.Sub(field), id.Sub(field + "RegExp"));
            return null;
        }

        if (exact is not null && pattern is not null)
        {
            errors.Both(id.Sub(field), id.Sub(field + "RegExp"));
            return null;
        }

        if (exact is not null)
        {
            if (exact.Length > 0)
            {
                return StringMatcher.Exact(exact);
            }

            errors.Missing(id.Sub(field));
            return null;
        }

        if (pattern!.Length == 0)
        {
            // An empty pattern is as missing as an empty value (policy-controller refuses both).
            errors.Missing(id.Sub(field + "RegExp"));
            return null;
        }

        try
        {
            return StringMatcher.Regex(pattern);
        }
        catch (SignetFormatException e)
        {
            errors.Invalid(pattern, id.Sub(field + "RegExp"), e.Message);
            return null;
        }
    }

    private static (bool Pass, string? Message)? ReadStatic(YamlDocument a, FieldErrors errors)
    {
        var stat = errors.Try(() => a.Map("static"));
        if (stat is null)
        {
            return null;
        }

        foreach (var unknown in stat.UnknownKeys("action", "message"))
        {
            errors.Unknown(stat.Sub(unknown));
        }

        var action = errors.Try(() => stat.String("action", required: true));
        var message = errors.Try(() => stat.String("message"));
        switch (action)
        {
            case "pass":
                return (true, message);
            case "fail":
                return (false, message);
            case null:
                return null;
            default:
                errors.Invalid(action, stat.Sub("action"), "expected pass or fail");
                return null;
        }
    }

    private static List<AttestationRequirement> ReadAttestations(YamlDocument a, FieldErrors errors)
    {
        var list = new List<AttestationRequirement>();
        foreach (var att in errors.Try(() => a.Sequence("attestations")) ?? [])
        {
            foreach (var unknown in att.UnknownKeys("name", "predicateType", "policy"))
            {
                errors.Unknown(att.Sub(unknown));
            }

            var name = errors.Try(() => att.String("name", required: true));
            var type = errors.Try(() => att.String("predicateType", required: true));
            var predicateType = type is null ? null : errors.Try(() => InTotoStatements.PredicateTypeOf(type));
            if (type is not null && predicateType is null)
            {
                errors.Invalid(type, att.Sub("predicateType"));
            }

            var rule = ReadRule(att, name ?? "attestation", errors);
            if (name is not null && predicateType is not null)
            {
                list.Add(new AttestationRequirement(name, predicateType, rule));
            }
        }

        return list;
    }

    private static CelRule? ReadRule(YamlDocument att, string name, FieldErrors errors)
    {
        var policy = errors.Try(() => att.Map("policy"));
        if (policy is null)
        {
            return null;
        }

        foreach (var unknown in policy.UnknownKeys("type", "data", "configMapRef", "remote", "fetchConfigFile", "includeSpec", "includeObjectMeta", "includeTypeMeta"))
        {
            errors.Unknown(policy.Sub(unknown));
        }

        foreach (var field in RemotePolicyFields.Where(policy.Has))
        {
            errors.Unsupported(policy.Sub(field), "policies fetched from elsewhere or fed the Kubernetes object");
        }

        var type = errors.Try(() => policy.String("type", required: true));
        switch (type)
        {
            case "cel":
                var data = errors.Try(() => policy.String("data", required: true));
                return data is null ? null : errors.Try(() => CelRule.Compile(name, data));
            case "cue" or "rego":
                errors.Add($"{policy.Sub("type")}: {type} policies are not supported (Signet evaluates CEL: type: cel); the policy is refused, not applied without the {type} check");
                return null;
            case null:
                return null;
            default:
                errors.Invalid(type, policy.Sub("type"), "expected cel");
                return null;
        }
    }

    private static string? Url(YamlDocument node, string field, FieldErrors errors)
    {
        var url = errors.Try(() => node.String(field));
        if (url is null)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp))
        {
            errors.Invalid(url, node.Sub(field), "not an http(s) URL");
            return null;
        }

        return url;
    }
}
