using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Node.Dashboard;

/// <summary>Reads <c>akkabackup.dashboard</c>; refuses a bad address, port, certificate, token or login limit at start, naming the key and the value.</summary>
public static class DashboardSettingsReader
{
    private const string Section = "akkabackup.dashboard";
    private static readonly string[] TokenKeys = ["name", "sha256", "role"];

    /// <param name="nodeCertificate">The node's own TLS certificate, served when <c>certificate</c> is empty.</param>
    /// <param name="baseDirectory">The configuration file's folder, for a relative <c>certificate</c> path.</param>
    public static DashboardSettings Read(Config root, X509Certificate2 nodeCertificate, string baseDirectory)
    {
        var d = HoconSection.Of(root, Section);
        var enabled = d.Switch("enabled");
        var hostname = d.RequiredString("hostname");
        if (!IPAddress.TryParse(hostname, out var address))
        {
            throw new ConfigurationException($"{d.PathOf("hostname")} = '{hostname}' must be an IP address to listen on, e.g. 127.0.0.1 or ::1");
        }

        var tokens = Tokens(d);
        if (enabled && tokens.Count == 0)
        {
            throw new ConfigurationException($"{d.PathOf("tokens")} is empty: nobody could log in to the enabled dashboard; add {{ name, sha256, role }}");
        }

        var certificate = d.String("certificate") is { Length: > 0 } path && enabled
            ? CertificateAuthority.LoadPfx(Path.GetFullPath(path, baseDirectory), d.String("certificate-password"))
            : nodeCertificate;
        var limit = d.Section("login-limit");
        return new DashboardSettings(enabled, address, d.Port("port"), certificate, tokens, d.PositiveDuration("session-lifetime"),
            new LoginLimit(limit.PositiveInt("max-failures", 1000), limit.PositiveDuration("window")));
    }

    private static List<DashboardToken> Tokens(HoconSection d)
    {
        var value = d.Value("tokens");
        var list = value.IsArray() ? value.GetArray() : [];
        var tokens = list.Select((v, i) => Token(v, $"{d.PathOf("tokens")}[{i}]")).ToList();
        var twice = tokens.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? tokens : throw new ConfigurationException($"{d.PathOf("tokens")}: the name '{twice.Key}' is given twice");
    }

    private static DashboardToken Token(Akka.Configuration.Hocon.HoconValue value, string path)
    {
        if (!value.IsObject())
        {
            throw new ConfigurationException($"{path} must be {{ name = \"...\", sha256 = \"...\", role = viewer }}");
        }

        var unknown = value.GetObject().Items.Keys.FirstOrDefault(k => !TokenKeys.Contains(k));
        if (unknown is not null)
        {
            throw new ConfigurationException($"unknown key {path}.{unknown}: a token has only {string.Join(", ", TokenKeys)}");
        }

        var t = HoconSection.Entry(value, path);
        var name = t.RequiredString("name");
        var hash = t.RequiredString("sha256");
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
        {
            // The hash is not a secret, but a token pasted here by mistake would be: it is not echoed.
            throw new ConfigurationException($"{path}.sha256 (of '{name}') must be the 64 hex digits of the token's SHA-256, not the token itself");
        }

        var role = t.IsSet("role") ? t.String("role") : "viewer";
        return new DashboardToken(name, Convert.FromHexString(hash), role switch
        {
            "viewer" => DashboardRole.Viewer,
            "operator" => DashboardRole.Operator,
            _ => throw new ConfigurationException($"{path}.role = '{role}' must be viewer or operator"),
        });
    }
}
