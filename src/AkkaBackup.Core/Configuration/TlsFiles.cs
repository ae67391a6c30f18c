namespace AkkaBackup.Core.Configuration;

/// <summary>Where a node finds its TLS identity: its own PFX (key + certificate, CN = node name) and the CA it trusts.</summary>
public sealed record TlsFiles(string CertificatePath, string CertificatePassword, string CaPath);
