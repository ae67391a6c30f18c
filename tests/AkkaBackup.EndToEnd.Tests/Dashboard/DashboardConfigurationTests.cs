using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Node.Dashboard;
using AkkaBackup.TestSupport;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary><c>akkabackup.dashboard</c> as a receiver reads it at start, and the logins it allows.</summary>
public sealed class DashboardConfigurationTests : IDisposable
{
    private static readonly string Hash = DashboardSite.Sha256("t0ken");
    private readonly string _certs = Path.Combine(Path.GetTempPath(), "akkabackup-dashboard-config", Guid.NewGuid().ToString("N")[..12]);
    private readonly X509Certificate2 _node;

    public DashboardConfigurationTests()
    {
        CertificateAuthority.WriteFiles(_certs, "Dashboard Test CA", ["receiver", "web"], "pw");
        _node = CertificateAuthority.LoadPfx(Path.Combine(_certs, "receiver.pfx"), "pw");
    }

    [Fact]
    public void Off_on_loopback_port_8443_with_the_nodes_certificate_by_default()
    {
        var settings = Read("");

        Assert.False(settings.Enabled);
        Assert.Equal((IPAddress.Loopback, 8443, TimeSpan.FromHours(8)), (settings.Address, settings.Port, settings.SessionLifetime));
        Assert.Same(_node, settings.Certificate);
        Assert.Empty(settings.Tokens);
    }

    [Fact]
    public void Tokens_are_read_with_their_role_and_a_certificate_of_its_own_is_loaded()
    {
        var settings = Read($$"""
            enabled = true, hostname = "::1", port = 9443, session-lifetime = 30m
            certificate = "web.pfx", certificate-password = pw
            tokens = [{ name = alice, sha256 = "{{Hash}}" }, { name = bob, sha256 = "{{Hash.ToUpperInvariant()}}", role = operator }]
            """);

        Assert.Equal((IPAddress.IPv6Loopback, 9443, TimeSpan.FromMinutes(30)), (settings.Address, settings.Port, settings.SessionLifetime));
        Assert.Contains("CN=web", settings.Certificate.Subject);
        Assert.Equal([("alice", DashboardRole.Viewer), ("bob", DashboardRole.Operator)], settings.Tokens.Select(t => (t.Name, t.Role)));
        Assert.Equal(Convert.FromHexString(Hash), settings.Tokens[1].Sha256);
    }

    [Theory]
    [InlineData("enabled = true", "akkabackup.dashboard.tokens is empty")]
    [InlineData("hostname = localhost", "akkabackup.dashboard.hostname = 'localhost' must be an IP address")]
    [InlineData("port = 70000", "akkabackup.dashboard.port")]
    [InlineData("tokens = [{ name = a, sha256 = \"HASH\", role = admin }]", "akkabackup.dashboard.tokens[0].role = 'admin' must be viewer or operator")]
    [InlineData("tokens = [{ name = a, sha256 = \"HASH\", password = x }]", "unknown key akkabackup.dashboard.tokens[0].password")]
    [InlineData("tokens = [{ name = a, sha256 = \"HASH\" }, { name = a, sha256 = \"HASH\" }]", "the name 'a' is given twice")]
    [InlineData("tokens = [{ sha256 = \"HASH\" }]", "akkabackup.dashboard.tokens[0].name is missing")]
    [InlineData("enabled = true, certificate = missing.pfx, tokens = [{ name = a, sha256 = \"HASH\" }]", "missing.pfx' not found")]
    public void A_bad_value_is_refused_naming_its_key(string dashboard, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(dashboard.Replace("HASH", Hash, StringComparison.Ordinal)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_token_pasted_in_place_of_its_hash_is_refused_without_being_repeated()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read("tokens = [{ name = a, sha256 = \"my-secret-token\" }]"));

        Assert.Contains("tokens[0].sha256 (of 'a') must be the 64 hex digits of the token's SHA-256", error.Message);
        Assert.DoesNotContain("my-secret-token", error.Message);
    }

    [Fact]
    public void A_session_is_given_for_a_right_token_only_and_ends_at_its_lifetime_or_at_logout()
    {
        var clock = new ManualTime(DateTimeOffset.UtcNow);
        var sessions = new DashboardSessions([new DashboardToken("alice", Convert.FromHexString(Hash), DashboardRole.Viewer)], TimeSpan.FromHours(1), clock);

        Assert.Null(sessions.LogIn("t0keN"));
        Assert.Null(sessions.LogIn(Hash));
        var first = sessions.LogIn("t0ken")!;
        var second = sessions.LogIn("t0ken")!;

        Assert.Equal(("alice", DashboardRole.Viewer, 64), (first.Name, first.Role, first.Id.Length));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Same(first, sessions.Find(first.Id));
        Assert.Null(sessions.Find("not-a-session"));
        sessions.LogOut(second.Id);
        Assert.Null(sessions.Find(second.Id));
        clock.Now += TimeSpan.FromMinutes(61);
        Assert.Null(sessions.Find(first.Id));
    }

    public void Dispose()
    {
        _node.Dispose();
        Directory.Delete(_certs, recursive: true);
    }

    private DashboardSettings Read(string dashboard) =>
        DashboardSettingsReader.Read(
            ReferenceConfiguration.Over(ConfigurationFactory.ParseString($"akkabackup.dashboard {{ {dashboard} }}")), _node, _certs);
}
