using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Tests.Storage;

public sealed class RetentionSettingsTests
{
    [Fact]
    public void A_default_policy_instance_policies_a_store_limit_and_the_interval_are_read()
    {
        var settings = Read("""
            default { keep-within-days = 30, keep-last = 7, keep-daily = 7, keep-weekly = 4, keep-monthly = 12, max-bytes = 10GiB }
            instances {
              "db1/main" { keep-last = 3 }
              "db2/orders" { max-bytes = 1MiB }
            }
            store-max-bytes = 2TiB
            interval = 10m
            """);

        Assert.Equal(
            new RetentionPolicy { KeepWithinDays = 30, KeepLast = 7, KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 12, MaxBytes = 10L << 30 },
            settings.Policies.Default);
        Assert.Equal(new RetentionPolicy { KeepLast = 3 }, settings.Policies.For(new InstanceKey("db1", "main")));
        Assert.Equal(new RetentionPolicy { MaxBytes = 1 << 20 }, settings.Policies.For(new InstanceKey("db2", "orders")));
        Assert.Equal(settings.Policies.Default, settings.Policies.For(new InstanceKey("db2", "main")));
        Assert.Equal(2L << 40, settings.Policies.StoreMaxBytes);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Interval);
    }

    [Fact]
    public void Without_configuration_everything_is_kept()
    {
        var settings = Read("");

        Assert.Equal(RetentionPolicy.KeepEverything, settings.Policies.Default);
        Assert.Empty(settings.Policies.ByInstance);
        Assert.Null(settings.Policies.StoreMaxBytes);
    }

    [Theory]
    [InlineData("default { keep-last = 0 }", "akkabackup.retention.default.keep-last = 0")]
    [InlineData("instances { \"db1\" { keep-last = 1 } }", "'db1' is not an instance key")]
    [InlineData("instances { \"db1/main\" { keep-daily = -1 } }", "akkabackup.retention.instances.\"db1/main\".keep-daily = -1")]
    [InlineData("interval = 0s", "akkabackup.retention.interval")]
    public void Bad_values_are_refused_naming_the_setting(string retention, string expected)
    {
        Assert.Contains(expected, Assert.Throws<ConfigurationException>(() => Read(retention)).Message);
    }

    private static RetentionSettings Read(string retention) =>
        RetentionSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($"akkabackup.retention {{ {retention} }}")), TimeZoneInfo.Utc);
}
