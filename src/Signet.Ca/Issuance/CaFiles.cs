namespace Signet.Ca.Issuance;

/// <summary>
/// Where a generated CA (<see cref="CaKeyStore"/>) keeps its files: the certificates (PEM) in
/// <paramref name="CertificateDirectory"/>, their PKCS#8 private keys (mode 0600) in <paramref name="KeyDirectory"/>.
/// </summary>
/// <param name="CertificateDirectory">The directory of <c>root.pem</c> and <c>intermediate.pem</c>.</param>
/// <param name="KeyDirectory">The directory of <c>ca-root.key.pem</c> and <c>ca-intermediate.key.pem</c>.</param>
public sealed record CaFiles(string CertificateDirectory, string KeyDirectory)
{
    /// <summary>The self-signed root certificate.</summary>
    public string RootCertificate => Path.Combine(CertificateDirectory, "root.pem");

    /// <summary>The intermediate certificate, which signs leaves.</summary>
    public string IntermediateCertificate => Path.Combine(CertificateDirectory, "intermediate.pem");

    /// <summary>The root's private key; used once, to certify the intermediate.</summary>
    public string RootKey => Path.Combine(KeyDirectory, "ca-root.key.pem");

    /// <summary>The intermediate's private key.</summary>
    public string IntermediateKey => Path.Combine(KeyDirectory, "ca-intermediate.key.pem");

    /// <summary>Every file of the CA (what a rotation retires).</summary>
    public IReadOnlyList<string> All => [RootCertificate, IntermediateCertificate, RootKey, IntermediateKey];
}
