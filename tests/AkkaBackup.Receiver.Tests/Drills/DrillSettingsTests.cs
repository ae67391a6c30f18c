using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Receiver.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Receiver.Tests.Drills;

public sealed class DrillSettingsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void By_default_nothing_is_scheduled_and_scratch_copies_go_to_the_stores_dot_drills()
    {
        var settings = Read("");

        Assert.Null(settings.Schedule);
        Assert.Equal("/srv/store/.drills", settings.ScratchDirectory);
        Assert.Equal(256L << 20, settings.ScratchReserve);
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromHours(12)), (settings.StartTimeout, settings.Timeout));
    }

    [Fact]
    public void A_schedule_is_read_in_the_receivers_time_zone_with_the_other_keys()
    {
        var settings = Read("""schedule = "0 0 3 * * 0", scratch-directory = "/var/tmp/drills", scratch-reserve = 1GiB, start-timeout = 30s, timeout = 2h""");

        var sunday = settings.Schedule!.NextAfter(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.FromHours(1)), sunday);
        Assert.Equal(("/var/tmp/drills", 1L << 30, TimeSpan.FromSeconds(30), TimeSpan.FromHours(2)),
            (settings.ScratchDirectory, settings.ScratchReserve, settings.StartTimeout, settings.Timeout));
    }

    [Theory]
    [InlineData("schedule = \"every sunday\"", "akkabackup.receiver.drills.schedule = 'every sunday' is not a cron expression")]
    [InlineData("timeout = 0s", "akkabackup.receiver.drills.timeout = '0s' must be a positive duration")]
    [InlineData("start-timeout = soon", "akkabackup.receiver.drills.start-timeout = 'soon' is not a duration")]
    [InlineData("scratch-reserve = lots", "akkabackup.receiver.drills.scratch-reserve = 'lots' is not a byte size")]
    public void A_bad_value_is_refused_naming_the_key_and_the_value(string hocon, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(hocon));

        Assert.StartsWith(message, error.Message);
    }

    private static DrillSettings Read(string drills) =>
        DrillSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($"akkabackup.receiver.drills {{ {drills} }}")), Berlin, "/srv/store");
}
