namespace Signet.Oci;

/// <summary>A username and password (or a Docker identity token used as an OAuth2 refresh token) for one registry.</summary>
public sealed record RegistryCredential(string Username, string Password, string? IdentityToken = null)
{
    /// <summary>The user name, never the password: secrets stay out of logs and exception messages.</summary>
    public override string ToString() => $"RegistryCredential({Username}, ***)";
}

/// <summary>Where credentials for a registry come from.</summary>
public interface IRegistryCredentialSource
{
    /// <summary>The credential for <paramref name="registry"/> (host[:port] as written in the image reference), or null for anonymous.</summary>
    RegistryCredential? Find(string registry);
}

/// <summary>One credential for every registry: <c>--registry-username/--registry-password</c>.</summary>
public sealed class StaticCredentialSource(RegistryCredential credential) : IRegistryCredentialSource
{
    /// <summary>The one credential, whatever the registry.</summary>
    public RegistryCredential? Find(string registry) => credential;
}

/// <summary>The first source that has a credential wins.</summary>
public sealed class ChainedCredentialSource(params IRegistryCredentialSource[] sources) : IRegistryCredentialSource
{
    /// <summary>The first source's credential for <paramref name="registry"/>, or null.</summary>
    public RegistryCredential? Find(string registry) =>
        sources.Select(s => s.Find(registry)).FirstOrDefault(c => c is not null);
}
