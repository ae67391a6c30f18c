using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Core.Tests.Configuration;

/// <summary>Keys a node's file may have: those of the real hocon/reference.hocon, entries of the user's names included.</summary>
public sealed class KnownKeysTests
{
    [Fact]
    public void The_reference_itself_has_only_known_keys()
    {
        Assert.Empty(KnownKeys.Problems(ReferenceConfiguration.Config, ReferenceConfiguration.Keys));
    }

    [Fact]
    public void A_misspelt_top_level_section_is_refused_naming_the_section_it_meant()
    {
        var error = Refused("akkabackup.recevier { store-directory = /srv/store }");

        Assert.Equal("unknown key akkabackup.recevier: did you mean akkabackup.receiver?", error);
    }

    [Fact]
    public void A_misspelt_key_in_a_nested_section_is_refused_naming_its_sibling()
    {
        var error = Refused("akkabackup.receiver.data-plane { hostname = \"0.0.0.0\", prot = 4054 }");

        Assert.Equal("unknown key akkabackup.receiver.data-plane.prot: did you mean akkabackup.receiver.data-plane.port?", error);
    }

    [Fact]
    public void A_misspelt_key_inside_an_instance_is_refused_naming_the_key_of_that_instance()
    {
        var error = Refused("""
            akkabackup.client.instances.main {
              user = backup
              data-directory = "/var/lib/mysql"
              stop-timout = 10m
            }
            """);

        Assert.Equal("unknown key akkabackup.client.instances.main.stop-timout: did you mean akkabackup.client.instances.main.stop-timeout?", error);
    }

    [Fact]
    public void A_key_no_instance_has_is_refused_saying_nothing_is_like_it()
    {
        var error = Refused("akkabackup.client.instances.main { user = backup, backup-window = 2h }");

        Assert.Equal("unknown key akkabackup.client.instances.main.backup-window: no known key is like it (hocon/reference.hocon lists them all)", error);
    }

    [Fact]
    public void A_key_in_the_wrong_section_names_where_it_belongs()
    {
        var error = Refused("akkabackup.receiver.port = 4054");

        Assert.Equal("unknown key akkabackup.receiver.port: did you mean akkabackup.receiver.data-plane.port?", error);
    }

    [Fact]
    public void An_instance_key_outside_an_instance_names_the_instance_key()
    {
        var error = Refused("akkabackup.client.probe-timeout = 5s");

        Assert.Equal("unknown key akkabackup.client.probe-timeout: did you mean akkabackup.client.instances.<name>.probe-timeout?", error);
    }

    [Fact]
    public void An_alert_channel_may_have_only_the_keys_of_its_type()
    {
        var error = Refused("""akkabackup.alerts.channels = [{ type = email, host = h, to = "a@b.c" }, { type = webhook, uri = "https://x/y" }]""");

        Assert.Equal("unknown key akkabackup.alerts.channels[1].uri: did you mean akkabackup.alerts.channels[1].url?", error);
    }

    [Fact]
    public void A_retention_policy_per_instance_may_have_only_the_keys_of_the_default_policy()
    {
        var error = Refused("""akkabackup.retention.instances { "db1/main" { keep-dayly = 3 } }""");

        Assert.Equal("unknown key akkabackup.retention.instances.\"db1/main\".keep-dayly: did you mean akkabackup.retention.instances.\"db1/main\".keep-daily?", error);
    }

    [Fact]
    public void A_value_where_a_section_belongs_is_refused()
    {
        Assert.Equal("akkabackup.tls must be a section { ... }, not a value", Refused("akkabackup.tls = \"/etc/certs\""));
        Assert.Equal("akkabackup.tls.ca is a value, not a section", Refused("akkabackup.tls.ca { path = \"/etc/ca.crt\" }"));
    }

    [Fact]
    public void Every_unknown_key_is_listed_one_per_line_in_order_of_their_paths()
    {
        var error = Refused("""
            akkabackup.node-nmae = db1
            akkabackup.client.windw = 4
            akkabackup.client.instances.main.host-name = db
            """);

        Assert.Equal(
            [
                "unknown key akkabackup.client.instances.main.host-name: no known key is like it (hocon/reference.hocon lists them all)",
                "unknown key akkabackup.client.windw: did you mean akkabackup.client.window?",
                "unknown key akkabackup.node-nmae: did you mean akkabackup.node-name?",
            ],
            error.Split('\n'));
    }

    [Fact]
    public void A_misspelt_root_is_refused_and_akkas_own_keys_are_not_judged()
    {
        Assert.Equal("unknown key akkabakcup: did you mean akkabackup?", Refused("akkabakcup.node-name = db1"));
        Assert.Null(Record.Exception(() => ReferenceConfiguration.Over(ConfigurationFactory.ParseString("akka.anything-akka-knows = 1\nakka.loglevel = INFO"))));
    }

    [Fact]
    public void Known_keys_and_entries_of_the_users_names_pass()
    {
        var merged = ReferenceConfiguration.Over(ConfigurationFactory.ParseString("""
            akkabackup {
              client.instances.main { user = backup, data-directory = "/var/lib/mysql", service { kind = command, stop-command = a, start-command = b } }
              client.instance-defaults.port = 3307
              retention {
                default { keep-daily = 7 }
                instances { "db1/main" { keep-last = 3 } }
                store-max-bytes = 2TiB
              }
              alerts.channels = [{ type = command, command = "/bin/true", arguments = [x], timeout = 5s }]
            }
            """));

        Assert.Equal("backup", merged.GetString("akkabackup.client.instances.main.user"));
    }

    private static string Refused(string hocon) =>
        Assert.Throws<ConfigurationException>(() => ReferenceConfiguration.Over(ConfigurationFactory.ParseString(hocon))).Message;
}
