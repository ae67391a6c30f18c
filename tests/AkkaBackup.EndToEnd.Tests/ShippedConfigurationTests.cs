using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Retention;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>The HOCON files we ship parse, and a node's own values override the reference defaults.</summary>
public sealed class ShippedConfigurationTests
{
    private static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "hocon", name);

    [Fact]
    public void The_sample_client_configuration_parses_with_its_overrides()
    {
        var settings = ClientSettingsReader.Read(NodeConfiguration.Load(Shipped("client.hocon")));

        Assert.Equal("db1", settings.NodeName);
        Assert.Equal(8 * 1024 * 1024, settings.ChunkSize);
        Assert.Equal(4, settings.Window);
        var instance = Assert.Single(settings.Instances);
        Assert.Equal(ServiceControllerKind.Systemd, instance.ControllerKind);
        Assert.Equal("mariadb", instance.ServiceName);
        Assert.Equal("/var/lib/mysql", instance.DataDirectory);
        Assert.Equal("akka.ssl.tcp://akkabackup@backup.example.org:4053/system/receptionist", settings.Target.ReceptionistPath);
        Assert.DoesNotContain("change-me", instance.ToString());
    }

    [Fact]
    public void The_sample_receiver_configuration_parses_with_its_overrides()
    {
        var settings = ReceiverSettingsReader.Read(NodeConfiguration.Load(Shipped("receiver.hocon")));

        Assert.Equal("receiver", settings.NodeName);
        Assert.Equal("/srv/akkabackup/store", settings.StoreDirectory);
        Assert.Contains("db1", settings.AllowedClients);
        Assert.Equal(4054, settings.DataPlanePort);
        Assert.Equal(256L * 1024 * 1024, settings.ReserveBytes);
        Assert.Equal(StoreLayout.Default, settings.Layout.ToString());
        Assert.Equal(10, settings.NearlyFullPercent);
        var retention = RetentionSettingsReader.Read(NodeConfiguration.Load(Shipped("receiver.hocon")), settings.NamingPattern.TimeZone);
        Assert.Equal(new RetentionPolicy { KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 6 }, retention.Policies.Default);
        Assert.Equal(2L << 40, retention.Policies.StoreMaxBytes);
        Assert.Equal(TimeSpan.FromHours(1), retention.Interval);
    }

    [Theory]
    [InlineData("akkabackup.receiver.allowed-clients = []", "allowed-clients is empty")]
    [InlineData("akkabackup.receiver.allowed-clients = [\"../evil\"]", "'../evil' is not a valid node name")]
    [InlineData("akkabackup.receiver.naming-pattern = \"{nope}.zip\"", "unknown token {nope}")]
    [InlineData("akkabackup.receiver.data-plane.port = 70000", "'70000' is not a TCP port")]
    [InlineData("akkabackup.receiver.data-plane.hostname = \"localhost\"", "must be an IP address")]
    public void Bad_receiver_values_are_named(string overrideLine, string expected)
    {
        var config = ConfigurationFactory.ParseString(overrideLine).WithFallback(NodeConfiguration.Load(Shipped("receiver.hocon")));

        var error = Assert.Throws<ConfigurationException>(() => ReceiverSettingsReader.Read(config));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("akkabackup.client.instances.main.service.kind = launchd", "'launchd' is not one of command, systemd, windows")]
    [InlineData("akkabackup.client.instances.main.data-directory = \"relative/dir\"", "must be an absolute path")]
    [InlineData("akkabackup.client.instances.main.service { kind = command, stop-command = \"\" }", "needs both")]
    [InlineData("akkabackup.client.chunk-size = 1KiB", "outside 64 KiB..64 MiB")]
    [InlineData("akkabackup.client.receiver.port = abc", "'abc' is not a TCP port")]
    [InlineData("akkabackup.node-name = \"bad name\"", "'bad name' is not a valid node name")]
    public void Bad_client_values_are_named(string overrideLine, string expected)
    {
        var config = ConfigurationFactory.ParseString(overrideLine).WithFallback(NodeConfiguration.Load(Shipped("client.hocon")));

        var error = Assert.Throws<ConfigurationException>(() => ClientSettingsReader.Read(config));
        Assert.Contains(expected, error.Message);
    }
}
