using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class AlertSeverityTests
{
    [Theory]
    [InlineData(AlertSeverity.Info, AlertSeverity.Info)]
    [InlineData(AlertSeverity.Warning, AlertSeverity.Warning)]
    [InlineData(AlertSeverity.Error, AlertSeverity.Critical)]
    [InlineData(AlertSeverity.Critical, AlertSeverity.Critical)]
    public void A_minimum_of_error_is_delivered_as_critical_since_no_alert_is_raised_at_error(AlertSeverity minimum, AlertSeverity raised)
    {
        Assert.Equal(raised, minimum.LowestRaised());
    }

    [Fact]
    public void A_channel_at_error_takes_the_critical_alerts_and_no_warning()
    {
        var channel = new CommandChannel(new CommandChannelSettings("/bin/true", [], AlertSeverity.Error));

        Assert.True(channel.Accepts(AlertSamples.Of(AlertSeverity.Critical, "c")));
        Assert.False(channel.Accepts(AlertSamples.Of(AlertSeverity.Warning, "w")));
    }
}
