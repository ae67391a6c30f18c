using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Tests.Naming;

public sealed class NamingPatternTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 13, 5, 9, TimeSpan.Zero);

    private static readonly NamingValues Values = new()
    {
        Server = "db1",
        Instance = "main",
        Client = "client-1",
        Database = "shop",
        Type = "snapshot",
        RunId = "run-42",
        Sequence = 7,
        Timestamp = At,
    };

    [Fact]
    public void The_default_pattern_renders_server_instance_and_utc_timestamp()
    {
        var name = NamingPattern.Parse(NamingPattern.Default, "naming-pattern").Render(Values);

        Assert.Equal("db1_main_snapshot_20261124_130509.zip", name);
    }

    [Theory]
    [InlineData("{server}.zip", "db1.zip")]
    [InlineData("{instance}.zip", "main.zip")]
    [InlineData("{client}.zip", "client-1.zip")]
    [InlineData("{database}.zip", "shop.zip")]
    [InlineData("{type}.zip", "snapshot.zip")]
    [InlineData("{runid}.zip", "run-42.zip")]
    [InlineData("{sequence}.zip", "7.zip")]
    [InlineData("{sequence:000}.zip", "007.zip")]
    [InlineData("{sequence:D5}.zip", "00007.zip")]
    [InlineData("{timestamp}.zip", "20261124_130509.zip")]
    [InlineData("backup.zip", "backup.zip")]
    [InlineData("{client}-{type}-{database}-{runid}-{sequence:0000}.zip", "client-1-snapshot-shop-run-42-0007.zip")]
    public void Every_token_renders(string pattern, string expected)
    {
        Assert.Equal(expected, NamingPattern.Parse(pattern, "p").Render(Values));
    }

    [Theory]
    [InlineData("yyyy-MM-dd", "2026-11-24")]
    [InlineData("HHmm", "1305")]
    [InlineData("yyyyMMdd'T'HHmmssfff", "20261124T130509000")]
    [InlineData("dddd_MMMM", "Tuesday_November")]
    [InlineData("yy.M.d", "26.11.24")]
    [InlineData("s", "2026-11-24T13_05_09")]
    [InlineData("o", "2026-11-24T13_05_09.0000000_00_00")]
    [InlineData("HH:mm zzz", "13_05__00_00")]
    public void Any_dotnet_date_format_renders_with_unsafe_characters_replaced(string format, string expected)
    {
        var name = NamingPattern.Parse($"{{timestamp:{format}}}.zip", "p").Render(Values);

        Assert.Equal(expected + ".zip", name);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-24_14-05__01_00")]
    [InlineData("America/New_York", "2026-11-24_08-05_-05_00")]
    [InlineData("Asia/Kolkata", "2026-11-24_18-35__05_30")]
    [InlineData("UTC", "2026-11-24_13-05__00_00")]
    [InlineData("", "2026-11-24_13-05__00_00")]
    public void Timestamps_are_written_in_the_configured_time_zone(string zone, string expected)
    {
        var pattern = NamingPattern.Parse("{timestamp:yyyy-MM-dd_HH-mm_zzz}.zip", "p", NamingTimeZone.Resolve(zone, "time-zone"));

        // '+' and ':' are not in the safe alphabet and become '_'; the hours and the offset show the zone.
        Assert.Equal(expected + ".zip", pattern.Render(Values));
    }

    [Fact]
    public void Daylight_saving_time_follows_the_date_not_the_configuration_moment()
    {
        var berlin = NamingTimeZone.Resolve("Europe/Berlin", "time-zone");
        var pattern = NamingPattern.Parse("{timestamp:yyyyMMdd_HHmm}.zip", "p", berlin);

        Assert.Equal("20260701_1500.zip", pattern.Render(Values with { Timestamp = new DateTimeOffset(2026, 7, 1, 13, 0, 0, TimeSpan.Zero) }));
        Assert.Equal("20260101_1400.zip", pattern.Render(Values with { Timestamp = new DateTimeOffset(2026, 1, 1, 13, 0, 0, TimeSpan.Zero) }));
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_by_name()
    {
        var error = Assert.Throws<ConfigurationException>(() => NamingTimeZone.Resolve("Mars/Olympus_Mons", "akkabackup.receiver.time-zone"));

        Assert.Contains("akkabackup.receiver.time-zone = 'Mars/Olympus_Mons'", error.Message);
    }

    [Theory]
    [InlineData("{server}_{bogus}.zip", "unknown token {bogus}")]
    [InlineData("{Server}.zip", "unknown token {Server}")]
    [InlineData("{yyyy}.zip", "write date parts as {timestamp:yyyy}")]
    [InlineData("../{server}.zip", "must be a file name")]
    [InlineData("a/{server}.zip", "must be a file name")]
    [InlineData("a\\{server}.zip", "must be a file name")]
    [InlineData("{server}..zip", "must be a file name")]
    [InlineData("c:{server}.zip", "must be a file name")]
    [InlineData("{server:yyyy}.zip", "only {timestamp} and {sequence} take a format, not {server}")]
    [InlineData("{timestamp:U}.zip", "'U' is not a .NET date format")]
    [InlineData("{timestamp:yyyy/MM}.zip", "writes a path separator")]
    [InlineData("{timestamp:d}.zip", "writes a path separator")]
    [InlineData("{timestamp:}.zip", "{timestamp:} has an empty format")]
    [InlineData("{sequence:abc}.zip", "'abc' is not a sequence format")]
    [InlineData("{sequence:N2}.zip", "'N2' is not a sequence format")]
    [InlineData("{server.zip", "unbalanced")]
    [InlineData("{server}}.zip", "unbalanced")]
    [InlineData("{server}\u0001.zip", "control character")]
    [InlineData("{server}_{timestamp}", "must end in a fixed extension")]
    [InlineData("{server}.{type}", "must end in a fixed extension")]
    [InlineData("{server}.manifest.json", "must not end in .json")]
    [InlineData("{server}.part", "must not end in .part")]
    [InlineData("", "is empty")]
    public void Bad_patterns_are_refused_naming_the_problem(string pattern, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => NamingPattern.Parse(pattern, "akkabackup.receiver.naming-pattern"));

        Assert.Contains(expected, error.Message);
        Assert.Contains("akkabackup.receiver.naming-pattern", error.Message);
    }

    [Fact]
    public void A_pattern_whose_fixed_text_leaves_no_room_for_values_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => NamingPattern.Parse(new string('x', 200) + "{server}.zip", "p"));

        Assert.Contains("too long", error.Message);
    }

    [Fact]
    public void Overlong_values_give_a_name_that_fits_and_keeps_its_extension()
    {
        var pattern = NamingPattern.Parse("{server}_{instance}_{client}_{database}_{runid}_{type}.zip", "p");
        var huge = new string('x', 10_000);

        var name = pattern.Render(Values with { Server = huge, Instance = huge, Client = huge, Database = huge, RunId = huge, Type = huge });

        Assert.EndsWith(".zip", name);
        Assert.True(FileNameLimits.ByteCount(name) <= FileNameLimits.MaxRenderedBytes, $"{name.Length} bytes");
        Assert.StartsWith(new string('x', TokenValue.MaxLength - 1) + "_", name);
    }

    [Fact]
    public void A_name_is_cut_on_a_character_boundary_never_inside_one()
    {
        var pattern = NamingPattern.Parse("{server}{instance}{client}" + string.Concat(Enumerable.Repeat("\U0001F600", 20)) + ".zip", "p");
        var long_ = new string('s', 500);

        var name = pattern.Render(Values with { Server = long_, Instance = long_, Client = long_ });

        Assert.True(FileNameLimits.ByteCount(name) <= FileNameLimits.MaxRenderedBytes);
        Assert.Equal(name, System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(name)));
        Assert.EndsWith("\U0001F600.zip", name);
    }
}
