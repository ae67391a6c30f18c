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
        Assert.Equal(new LoginLimit(5, TimeSpan.FromMinutes(5)), settings.LoginLimit);
    }

    [Fact]
    public void The_login_limit_is_read_as_configured()
    {
        Assert.Equal(new LoginLimit(3, TimeSpan.FromSeconds(90)), Read("login-limit { max-failures = 3, window = 90s }").LoginLimit);
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
    [InlineData("login-limit.max-failures = 0", "akkabackup.dashboard.login-limit.max-failures = '0'")]
    [InlineData("login-limit.max-failures = many", "akkabackup.dashboard.login-limit.max-failures = 'many'")]
    [InlineData("login-limit.window = 0s", "akkabackup.dashboard.login-limit.window")]
    [InlineData("login-limit.window = soon", "akkabackup.dashboard.login-limit.window = 'soon'")]
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

    [Fact]
    public void Five_failures_within_the_window_close_that_address_for_a_window_once_and_other_addresses_and_a_success_are_untouched()
    {
        var clock = new ManualTime(DateTimeOffset.UtcNow);
        var throttle = new LoginThrottle(new LoginLimit(5, TimeSpan.FromMinutes(5)), clock);

        var episodes = Enumerable.Range(0, 4).Count(_ => throttle.Failed("10.0.0.1"));
        Assert.Null(throttle.RetryAfter("10.0.0.1"));
        Assert.True(throttle.Failed("10.0.0.1"));
        Assert.False(throttle.Failed("10.0.0.1"));
        clock.Now += TimeSpan.FromMinutes(1);

        Assert.Equal(0, episodes);
        Assert.Equal(TimeSpan.FromMinutes(4), throttle.RetryAfter("10.0.0.1"));
        Assert.Null(throttle.RetryAfter("10.0.0.2"));
        clock.Now += TimeSpan.FromMinutes(4);
        Assert.Null(throttle.RetryAfter("10.0.0.1"));
        Assert.False(throttle.Failed("10.0.0.1"));

        // Failures spread wider than the window never add up; a success forgets them.
        var spread = new LoginThrottle(new LoginLimit(2, TimeSpan.FromMinutes(1)), clock);
        Assert.False(spread.Failed("10.0.0.3"));
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.False(spread.Failed("10.0.0.3"));
        spread.Succeeded("10.0.0.3");
        Assert.False(spread.Failed("10.0.0.3"));
        Assert.True(spread.Failed("10.0.0.3"));
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
