namespace Signet.Log.Rekor;

/// <summary>Client-supplied text quoted in an error message, cut to 80 characters.</summary>
internal static class Excerpt
{
    public static string Of(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
