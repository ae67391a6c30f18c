using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Receiver.Tests.Overdue;

/// <summary><c>akkabackup.receiver.catalog</c> and <c>overdue</c>: the defaults, the overrides, and every bad value named.</summary>
public sealed class CatalogSettingsTests
{
    [Fact]
    public void The_defaults_put_the_catalog_beside_the_journal_keep_400_days_and_learn_every_interval()
    {
        var root = Over("");
        var receiver = ReceiverSettingsReader.Read(root);

        var catalog = CatalogSettingsReader.ReadCatalog(root, receiver);
        var overdue = CatalogSettingsReader.ReadOverdue(root);

        Assert.Equal(new CatalogSettings(Path.Combine(receiver.StoreDirectory, ".partial", "receiver-catalog.db"), 400, TimeSpan.FromSeconds(1), 10_000), catalog);
        Assert.Equal((TimeSpan.FromMinutes(1), null, TimeSpan.FromDays(2), 10, 2.0, TimeSpan.FromHours(1)),
            (overdue.CheckInterval, overdue.DefaultAfter, overdue.UntilLearned, overdue.LearnFrom, overdue.Factor, overdue.LearnedMinimum));
        Assert.Empty(overdue.Instances);
    }

    [Fact]
    public void Overrides_take_effect_and_an_instance_entry_takes_what_it_leaves_out_from_instance_defaults()
    {
        var root = Over("""
            akkabackup.receiver.catalog { file = "/var/lib/akkabackup/fleet.db", retention-days = 30 }
            akkabackup.receiver.overdue {
              default-after = 26h
              factor = 1.5
              instances {
                "db1/main" { after = 90s }
                "db1/retired" { watch = off }
              }
            }
            """);

        var catalog = CatalogSettingsReader.ReadCatalog(root, ReceiverSettingsReader.Read(root));
        Assert.Equal(("/var/lib/akkabackup/fleet.db", 30), (catalog.File, catalog.RetentionDays));
        var overdue = CatalogSettingsReader.ReadOverdue(root);
        Assert.Equal((TimeSpan.FromHours(26), 1.5), (overdue.DefaultAfter, overdue.Factor));
        Assert.Equal(new InstanceOverdue(TimeSpan.FromSeconds(90), true), overdue.Instances[new InstanceKey("db1", "main")]);
        Assert.Equal(new InstanceOverdue(null, false), overdue.Instances[new InstanceKey("db1", "retired")]);
    }

    [Theory]
    [InlineData("akkabackup.receiver.overdue.factor = 0.5", "akkabackup.receiver.overdue.factor = '0.5' must be a number from 1 to 100")]
    [InlineData("akkabackup.receiver.overdue.default-after = 0s", "akkabackup.receiver.overdue.default-after = '0s' must be a positive duration")]
    [InlineData("akkabackup.receiver.overdue.learn-from = 1", "akkabackup.receiver.overdue.learn-from = '1' must be a whole number from 2 to 1000")]
    [InlineData("akkabackup.receiver.overdue.instances { \"db1/main\" { watch = maybe } }", "akkabackup.receiver.overdue.instances.\"db1/main\".watch = 'maybe' must be on or off")]
    [InlineData("akkabackup.receiver.overdue.instances { main { after = 1h } }", "'main' is not an instance key; write client/instance")]
    [InlineData("akkabackup.receiver.catalog.retention-days = 0", "akkabackup.receiver.catalog.retention-days = '0' must be a whole number from 1 to 100000")]
    public void A_bad_value_is_refused_naming_the_key_and_the_value(string hocon, string message)
    {
        var root = Over(hocon);

        var error = Assert.Throws<ConfigurationException>(() =>
        {
            CatalogSettingsReader.ReadCatalog(root, ReceiverSettingsReader.Read(root));
            CatalogSettingsReader.ReadOverdue(root);
        });

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_misspelt_key_in_an_instance_entry_stops_the_node_with_the_key_it_meant()
    {
        var error = Assert.Throws<ConfigurationException>(() => Over("akkabackup.receiver.overdue.instances { \"db1/main\" { aftr = 1h } }"));

        Assert.Contains("unknown key akkabackup.receiver.overdue.instances.\"db1/main\".aftr: did you mean akkabackup.receiver.overdue.instances.\"db1/main\".after?", error.Message);
    }

    private static Config Over(string hocon) => ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
        akkabackup { node-name = receiver, receiver { store-directory = "/srv/store", allowed-clients = ["db1"] } }
        {{hocon}}
        """));
}
