using AkkaBackup.Core.Alerts;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class BackupAlertsTests
{
    private static readonly DateTimeOffset Time = AlertSamples.Time;

    [Fact]
    public void A_server_left_down_is_critical_and_carries_the_recovery_steps_verbatim()
    {
        var alert = AlertSamples.ServerDown();

        Assert.Equal((AlertSeverity.Critical, AlertKind.ServerNotRestarted, "db-host-1", "main"), (alert.Severity, alert.Kind, alert.Node, alert.Instance));
        Assert.Equal(AlertSamples.RecoverySteps, alert.Body);
    }

    [Fact]
    public void A_full_volume_is_one_alert_whichever_instance_finds_it()
    {
        var nearlyFull = BackupAlerts.StoreNearlyFull("receiver", "/srv/store", 3L << 30, 100L << 30, Time);
        var fullForA = BackupAlerts.StoreFull("receiver", "a", "/srv/store", "t-1", Time);
        var fullForB = BackupAlerts.StoreFull("receiver", "b", "/srv/store", "t-2", Time);

        Assert.Equal("Backup store /srv/store on receiver is nearly full: 3.0 GiB free of 100.0 GiB", nearlyFull.Title);
        Assert.Equal("StoreNearlyFull|receiver|/srv/store", nearlyFull.DeduplicationKey);
        Assert.Equal(fullForA.DeduplicationKey, fullForB.DeduplicationKey);
        Assert.NotEqual(nearlyFull.DeduplicationKey, fullForA.DeduplicationKey);
    }

    [Fact]
    public void Failures_repeat_per_instance_but_every_success_is_news()
    {
        Assert.Equal(
            BackupAlerts.BackupFailed("c1", "main", "run-1", "receiver unreachable", Time).DeduplicationKey,
            BackupAlerts.BackupFailed("c1", "main", "run-2", "receiver unreachable", Time).DeduplicationKey);
        Assert.NotEqual(
            BackupAlerts.BackupSucceeded("c1", "main", "run-1", "main_1.zip", Time).DeduplicationKey,
            BackupAlerts.BackupSucceeded("c1", "main", "run-2", "main_2.zip", Time).DeduplicationKey);
    }

    [Fact]
    public void Each_alert_has_the_severity_its_kind_calls_for()
    {
        Assert.Equal(
            [AlertSeverity.Critical, AlertSeverity.Critical, AlertSeverity.Info, AlertSeverity.Warning],
            [
                BackupAlerts.BackupFailed("c1", "main", "run-1", "x", Time).Severity,
                BackupAlerts.RetentionCouldNotKeepNewest("r", "main", "keep-last 3", "main_9.zip", Time).Severity,
                BackupAlerts.BackupSucceeded("c1", "main", "run-1", "main_1.zip", Time).Severity,
                BackupAlerts.TransferStalled("c1", "main", "t-1", TimeSpan.FromMinutes(10), Time).Severity,
            ]);
    }
}
