namespace Signet.Admission.Verification;

/// <summary>What happens to an image no policy's glob matches (policy-controller's <c>no-match-policy</c>).</summary>
public enum NoMatchAction
{
    /// <summary>Refuse it (the default: nothing is admitted unless a policy says so).</summary>
    Deny,

    /// <summary>Admit it with a warning.</summary>
    Warn,

    /// <summary>Admit it.</summary>
    Allow,
}
