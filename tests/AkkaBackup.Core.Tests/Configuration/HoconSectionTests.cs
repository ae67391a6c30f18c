using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Core.Tests.Configuration;

public sealed class HoconSectionTests
{
    [Theory]
    [InlineData("timeout = soon", "akkabackup.demo.timeout = 'soon' is not a duration")]
    [InlineData("timeout = 0s", "akkabackup.demo.timeout = '0s' must be a positive duration")]
    public void A_bad_duration_is_named_with_its_key_and_value(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Section(hocon).PositiveDuration("timeout"));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("size = huge", "akkabackup.demo.size = 'huge' is not a byte size")]
    [InlineData("size = 1KiB", "akkabackup.demo.size = 1KiB is outside 64 KiB..64 MiB")]
    [InlineData("size = 65MiB", "akkabackup.demo.size = 65MiB is outside 64 KiB..64 MiB")]
    public void A_bad_size_is_named_with_its_key_and_value(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Section(hocon).ByteSize("size", 64 * 1024, 64L * 1024 * 1024));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("port = 0", "akkabackup.demo.port = '0' is not a TCP port (1-65535)")]
    [InlineData("port = 65536", "akkabackup.demo.port = '65536' is not a TCP port (1-65535)")]
    [InlineData("port = http", "akkabackup.demo.port = 'http' is not a TCP port (1-65535)")]
    [InlineData("port = -1", "akkabackup.demo.port = '-1' is not a TCP port (1-65535)")]
    public void A_bad_port_is_named_with_its_key_and_value(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Section(hocon).Port("port"));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("count = 0", "akkabackup.demo.count = '0' must be a positive number")]
    [InlineData("count = 2.5", "akkabackup.demo.count = '2.5' must be a positive number")]
    [InlineData("count = many", "akkabackup.demo.count = 'many' must be a positive number")]
    public void A_bad_positive_number_is_named_with_its_key_and_value(string hocon, string expected)
    {
        Assert.Equal(expected, Assert.Throws<ConfigurationException>(() => Section(hocon).PositiveInt("count")).Message);
    }

    [Fact]
    public void A_bounded_number_names_its_bounds()
    {
        var error = Assert.Throws<ConfigurationException>(() => Section("level = 10").Int("level", 1, 9));

        Assert.Equal("akkabackup.demo.level = '10' must be a whole number from 1 to 9", error.Message);
    }

    [Fact]
    public void Good_values_are_read_in_their_units()
    {
        var s = Section("""
            timeout = 90s
            size = 128MiB
            port = 4054
            zero-port = 0
            count = 7
            names = [a, b]
            """);

        Assert.Equal(TimeSpan.FromSeconds(90), s.PositiveDuration("timeout"));
        Assert.Equal(128L << 20, s.ByteSize("size"));
        Assert.Equal(4054, s.Port("port"));
        Assert.Equal(0, s.PortOrZero("zero-port"));
        Assert.Equal(7, s.PositiveInt("count"));
        Assert.Equal(["a", "b"], s.StringList("names"));
    }

    [Fact]
    public void A_key_missing_from_the_merged_configuration_is_reported_as_a_gap_in_the_reference()
    {
        var error = Assert.Throws<ConfigurationException>(() => Section("other = 1").Duration("timeout"));

        Assert.Equal("akkabackup.demo.timeout is missing: hocon/reference.hocon must define it (every key with its default)", error.Message);
    }

    [Fact]
    public void A_missing_section_is_reported_with_its_path()
    {
        var error = Assert.Throws<ConfigurationException>(() => HoconSection.Of(ConfigurationFactory.ParseString("akkabackup.other = 1"), "akkabackup.demo"));

        Assert.StartsWith("akkabackup.demo is missing", error.Message);
    }

    [Fact]
    public void Null_and_left_out_both_mean_not_set_for_optional_values()
    {
        var s = Section("keep-last = null, max-bytes = 2GiB");

        Assert.Null(s.OptionalInt("keep-last"));
        Assert.Null(s.OptionalInt("keep-daily"));
        Assert.Equal(2L << 30, s.OptionalByteSize("max-bytes"));
    }

    [Fact]
    public void A_required_string_left_empty_is_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => Section("host = \"\"").RequiredString("host"));

        Assert.Equal("akkabackup.demo.host is required", error.Message);
    }

    [Theory]
    [InlineData("timeout = [1s, 2s]", "akkabackup.demo.timeout must be a single value, not a list")]
    [InlineData("timeout { value = 1s }", "akkabackup.demo.timeout must be a single value, not a section")]
    [InlineData("timeout = null", "akkabackup.demo.timeout = null, but it needs a value")]
    public void A_list_a_section_or_null_where_a_value_belongs_is_refused(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Section(hocon).Duration("timeout"));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void A_list_given_as_a_single_string_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => Section("names = s3cr3t").StringList("names"));

        Assert.StartsWith("akkabackup.demo.names must be a list", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Fact]
    public void An_entry_read_over_its_template_takes_what_it_leaves_out_from_the_template()
    {
        var root = ConfigurationFactory.ParseString("""
            akkabackup.demo {
              entries { main { port = 3307 } }
              entry-defaults { host = "127.0.0.1", port = 3306 }
            }
            """);
        var demo = HoconSection.Of(root, "akkabackup.demo");

        var (name, entry) = Assert.Single(demo.Section("entries").Entries());
        var read = entry.Over(demo.Section("entry-defaults"));

        Assert.Equal(("main", "akkabackup.demo.entries.main"), (name, read.Path));
        Assert.Equal(("127.0.0.1", 3307), (read.String("host"), read.Port("port")));
    }

    [Theory]
    [InlineData(64 * 1024, "64 KiB")]
    [InlineData(256L * 1024 * 1024, "256 MiB")]
    [InlineData(2L << 30, "2 GiB")]
    [InlineData(1000, "1000 bytes")]
    public void Byte_counts_are_written_as_a_person_writes_them(long bytes, string expected)
    {
        Assert.Equal(expected, HoconSection.Bytes(bytes));
    }

    private static HoconSection Section(string hocon) =>
        HoconSection.Of(ConfigurationFactory.ParseString($"akkabackup.demo {{\n{hocon}\n}}"), "akkabackup.demo");
}
