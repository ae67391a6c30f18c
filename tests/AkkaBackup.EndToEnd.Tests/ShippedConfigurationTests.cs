using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Retention;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Remoting;
using AkkaBackup.Store.Instances;

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
        var imported = Assert.Single(settings.Instances);
        var instance = imported.Instance;
        Assert.Equal(ServiceKind.Systemd, instance.ServiceKind);
        Assert.Equal("mariadb", instance.ServiceName);
        Assert.Equal("/var/lib/mysql", instance.DataDirectory);
        Assert.Equal("akka.ssl.tcp://akkabackup@backup.example.org:4053/user/receiver", settings.Target.GatewayPath);
        Assert.DoesNotContain("change-me", imported.ToString());
        Assert.True(settings.AutoStart, "a node run as a service must fire its schedules after a restart");
        Assert.Null(instance.OverdueAfter);
        Assert.Equal(PendingPolicy.Default, settings.Pending);
    }

    [Fact]
    public void The_shipped_systemd_unit_runs_the_client_with_the_sample_configuration_that_turns_auto_start_on()
    {
        var unit = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "akkabackup-client.service"));

        Assert.Contains("client --config /etc/akkabackup/client.hocon", unit);
        Assert.Contains("Restart=on-failure", unit);
        Assert.Contains("auto-start = true", unit);
    }

    [Theory]
    [InlineData("akkabackup.client.auto-start = maybe", "akkabackup.client.auto-start = 'maybe' must be true, false or \"\"")]
    [InlineData("akkabackup.client.instances.main.overdue-after = 500ms", "akkabackup.client.instances.main.overdue-after = '500ms' must be at least 1s")]
    [InlineData("akkabackup.client.instances.main.overdue-after = soon", "akkabackup.client.instances.main.overdue-after = 'soon' is not a duration")]
    [InlineData("akkabackup.client.pending { probe-initial = 1m, probe-max = 10s }", "akkabackup.client.pending.probe-max = 00:00:10 is shorter than pending.probe-initial")]
    public void Bad_issue_15_client_values_are_refused_naming_the_key_and_the_value(string line, string expected)
    {
        var config = ConfigurationFactory.ParseString(line).WithFallback(NodeConfiguration.Load(Shipped("client.hocon")));

        var e = Assert.Throws<ConfigurationException>(() => ClientSettingsReader.Read(config));

        Assert.Contains(expected, e.Message);
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
        Assert.Equal(ReceiverLimits.Default, settings.Limits);
    }

    [Fact]
    public void Every_key_the_readers_read_is_in_the_reference_with_its_default()
    {
        // Only what has no default is set: a key a reader reads that reference.hocon lacks would be refused as missing.
        var config = ReferenceConfiguration.Over(ConfigurationFactory.ParseString("""
            akkabackup {
              node-name = node
              tls { certificate = "node.pfx", ca = "ca.crt" }
              receiver { store-directory = "/srv/store", allowed-clients = [db1] }
              client {
                staging-directory = "/var/lib/staging"
                receiver { host = backup.example.org, name = receiver }
                instances.main { user = backup, data-directory = "/var/lib/mysql" }
              }
              alerts.channels = [
                { type = webhook, url = "https://hooks.example.org/x" }
                { type = email, host = smtp.example.org, from = "a@example.org", to = "b@example.org" }
                { type = command, command = "/bin/true" }
              ]
            }
            """));

        var client = ClientSettingsReader.Read(config);
        var receiver = ReceiverSettingsReader.Read(config);
        var retention = RetentionSettingsReader.Read(config, receiver.NamingPattern.TimeZone);
        var alerts = AlertSettingsReader.Read(config);

        Assert.Equal((8 * 1024 * 1024, 4, 3, 2, 0), (client.ChunkSize, client.Window, client.MaxChunkAttempts, client.CompressionLevel, client.CompressionThreads));
        Assert.Equal(("akka.ssl.tcp://akkabackup@backup.example.org:4053/user/receiver", TimeSpan.FromSeconds(15), TimeSpan.FromHours(2)),
            (client.Target.GatewayPath, client.Target.RequestTimeout, client.Target.AdmissionTimeout));
        var instance = Assert.Single(client.Instances).Instance;
        Assert.Equal(("127.0.0.1", 3306, ServiceKind.Systemd, "mariadb"), (instance.Host, instance.Port, instance.ServiceKind, instance.ServiceName));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10)), (instance.StopTimeout, instance.StartTimeout, instance.ProbeTimeout));
        Assert.Equal((4054, 0, 256L << 20, 64 << 20), (receiver.DataPlanePort, receiver.DataPlanePublicPort, receiver.ReserveBytes, receiver.MaxChunkSize));
        Assert.Equal((ReceiverLimits.Default, DataPlaneLimits.Default), (receiver.Limits, receiver.DataPlaneLimits));
        Assert.Equal((RetentionPolicy.KeepEverything, (long?)null, TimeSpan.FromHours(1)), (retention.Policies.Default, retention.Policies.StoreMaxBytes, retention.Interval));
        var email = Assert.IsType<EmailChannelSettings>(alerts.Channels[1]);
        Assert.Equal((587, EmailSecurity.StartTls, AlertSeverity.Warning, TimeSpan.FromSeconds(30)), (email.Port, email.Security, email.MinimumSeverity, email.Timeout));
        Assert.Equal(TimeSpan.FromSeconds(30), AlertSettingsReader.ShutdownFlushTimeout(config));
        Assert.Equal("", TlsConfig.ReadFiles(config, "/etc/akkabackup").CertificatePassword);
    }

    [Fact]
    public void Instance_defaults_set_in_a_nodes_file_apply_to_every_instance_that_leaves_them_out()
    {
        var config = ConfigurationFactory.ParseString("""
            akkabackup.client.instance-defaults { port = 3307, stop-timeout = 1m }
            akkabackup.client.instances.other { user = backup, data-directory = "/var/lib/mysql2" }
            """).WithFallback(NodeConfiguration.Load(Shipped("client.hocon")));

        var instances = ClientSettingsReader.Read(config).Instances;

        // main sets its port (3306) in the sample file, and leaves its stop-timeout out.
        Assert.Equal([("main", 3306, TimeSpan.FromMinutes(1)), ("other", 3307, TimeSpan.FromMinutes(1))], instances.Select(i => (i.Instance.Name, i.Instance.Port, i.Instance.StopTimeout)));
    }

    [Fact]
    public void Receiver_limits_overrides_take_effect()
    {
        var config = ConfigurationFactory.ParseString("""
            akkabackup.receiver.limits { max-concurrent-transfers = 4, max-transfers-per-client = 1, rate-limit = 100MiB, rate-limit-per-client = 30MiB, admission-lease = 1m, status-interval = 0s }
            """).WithFallback(NodeConfiguration.Load(Shipped("receiver.hocon")));

        var limits = ReceiverSettingsReader.Read(config).Limits;

        Assert.Equal(new ReceiverLimits(4, 1, 100L << 20, 30L << 20, TimeSpan.FromMinutes(1), TimeSpan.Zero), limits);
    }

    [Theory]
    [InlineData("akkabackup.receiver.allowed-clients = []", "allowed-clients is empty")]
    [InlineData("akkabackup.receiver.allowed-clients = [\"../evil\"]", "'../evil' is not a valid node name")]
    [InlineData("akkabackup.receiver.naming-pattern = \"{nope}.zip\"", "unknown token {nope}")]
    [InlineData("akkabackup.receiver.data-plane.port = 70000", "'70000' is not a TCP port")]
    [InlineData("akkabackup.receiver.data-plane.hostname = \"localhost\"", "must be an IP address")]
    [InlineData("akkabackup.receiver.limits.max-concurrent-transfers = 0", "limits.max-concurrent-transfers = '0' must be a positive number")]
    [InlineData("akkabackup.receiver.limits { max-concurrent-transfers = 2, max-transfers-per-client = 3 }", "max-transfers-per-client = 3 is more than max-concurrent-transfers = 2")]
    [InlineData("akkabackup.receiver.limits.rate-limit = 1000", "limits.rate-limit = 1000 bytes/s must be 0 (no limit) or at least 64 KiB/s")]
    [InlineData("akkabackup.receiver.limits.rate-limit-per-client = fast", "limits.rate-limit-per-client = 'fast' is not a byte size")]
    [InlineData("akkabackup.receiver.limits.admission-lease = 0s", "limits.admission-lease = '0s' must be a positive duration")]
    public void Bad_receiver_values_are_named(string overrideLine, string expected)
    {
        var config = ConfigurationFactory.ParseString(overrideLine).WithFallback(NodeConfiguration.Load(Shipped("receiver.hocon")));

        var error = Assert.Throws<ConfigurationException>(() => ReceiverSettingsReader.Read(config));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("akkabackup.client.instances.main.service.kind = launchd", "'launchd' is not one of command, systemd, windows")]
    [InlineData("akkabackup.client.instances.main.service.kind = 1", "service.kind = '1' is not one of command, systemd, windows")]
    [InlineData("akkabackup.client.mysql.restart-after = 2", "mysql.restart-after = '2' must be 'copy', 'archive' or 'transfer'")]
    [InlineData("akkabackup.client.instances.main.data-directory = \"relative/dir\"", "must be an absolute path")]
    [InlineData("akkabackup.client.instances.main.service { kind = command, stop-command = \"\" }", "needs both")]
    [InlineData("akkabackup.client.chunk-size = 1KiB", "outside 64 KiB..64 MiB")]
    [InlineData("akkabackup.client.receiver.port = abc", "'abc' is not a TCP port")]
    [InlineData("akkabackup.client.receiver.admission-timeout = 0s", "receiver.admission-timeout = '0s' must be a positive duration")]
    [InlineData("akkabackup.node-name = \"bad name\"", "'bad name' is not a valid node name")]
    public void Bad_client_values_are_named(string overrideLine, string expected)
    {
        var config = ConfigurationFactory.ParseString(overrideLine).WithFallback(NodeConfiguration.Load(Shipped("client.hocon")));

        var error = Assert.Throws<ConfigurationException>(() => ClientSettingsReader.Read(config));
        Assert.Contains(expected, error.Message);
    }
}
