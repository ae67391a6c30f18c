using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace AkkaBackup.Node.Dashboard;

/// <summary>What a dashboard login may do: <see cref="Viewer"/> reads; <see cref="Operator"/> also runs a restore drill now and forgets an instance.</summary>
public enum DashboardRole
{
    Viewer,
    Operator,
}

/// <summary>One login of <c>akkabackup.dashboard.tokens</c>: only the SHA-256 of the token is known to the node.</summary>
public sealed record DashboardToken(string Name, byte[] Sha256, DashboardRole Role);

/// <summary><c>akkabackup.dashboard</c>, read and checked once at start (<see cref="DashboardSettingsReader"/>).</summary>
public sealed record DashboardSettings(
    bool Enabled,
    IPAddress Address,
    int Port,
    X509Certificate2 Certificate,
    IReadOnlyList<DashboardToken> Tokens,
    TimeSpan SessionLifetime,
    LoginLimit LoginLimit);
