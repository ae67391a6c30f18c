using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Core.Security;

/// <summary>A node's certificate (with key) and the CA it trusts; loaded once per node.</summary>
public sealed record TlsIdentity(X509Certificate2 Certificate, X509Certificate2 TrustedCa);
