using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Policy.Rules;

/// <summary>
/// The rules of <c>verify-attestation --policy FILE</c>: a YAML list of named CEL expressions, all of which must hold.
/// <code>
/// rules:
///   - name: built-by-the-generator
///     cel: predicate.runDetails.builder.id.startsWith("https://github.com/slsa-framework/")
/// </code>
/// </summary>
public sealed class AttestationRules
{
    private AttestationRules(IReadOnlyList<CelRule> rules) => Rules = rules;

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<CelRule> Rules { get; }

    /// <summary>Reads and compiles a rules file (strict: unknown fields are errors, with their path).</summary>
    /// <exception cref="SignetFormatException">Malformed YAML, an unknown field, a missing name, invalid CEL.</exception>
    public static AttestationRules Parse(string yaml)
    {
        var root = Policies.YamlDocument.Load(yaml, "rules file");
        root.Only("rules");
        var rules = new List<CelRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in root.Sequence("rules", required: true))
        {
            item.Only("name", "cel");
            var name = item.String("name", required: true)!;
            if (!names.Add(name))
            {
                throw new SignetFormatException($"{item.Path}.name: rule '{name}' appears twice");
            }

            rules.Add(CelRule.Compile(name, item.String("cel", required: true)!));
        }

        return rules.Count > 0 ? new AttestationRules(rules) : throw new SignetFormatException("rules: at least one rule is required");
    }

    /// <summary>Refuses, naming the first rule that does not hold.</summary>
    /// <exception cref="VerificationException">Code <see cref="VerificationErrorCode.RuleFailed"/>.</exception>
    public void Require(RuleInput input)
    {
        foreach (var rule in Rules)
        {
            rule.Require(input);
        }
    }
}
