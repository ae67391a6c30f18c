using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class AlertSeverityTests
{
    [Fact]
    public void Error_is_a_minimum_only_and_is_delivered_as_critical_the_others_as_they_are()
    {
        Assert.Equal(
            [AlertSeverity.Info, AlertSeverity.Warning, AlertSeverity.Critical, AlertSeverity.Critical],
            Enum.GetValues<AlertSeverity>().Select(s => s.LowestRaised()));
    }

    [Fact]
    public void A_channel_at_error_takes_the_critical_alerts_and_no_warning()
    {
        var channel = new CommandChannel(new CommandChannelSettings("/bin/true", [], AlertSeverity.Error));

        Assert.True(channel.Accepts(AlertSamples.Of(AlertSeverity.Critical, "c")));
        Assert.False(channel.Accepts(AlertSamples.Of(AlertSeverity.Warning, "w")));
    }
}
