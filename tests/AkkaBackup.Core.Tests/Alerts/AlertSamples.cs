using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Delivery;

namespace AkkaBackup.Core.Tests.Alerts;

public static class AlertSamples
{
    public const string Node = "db-host-1";
    public const string KeptArchive = "/var/lib/akkabackup/staging/run-42/Data.zip";

    /// <summary>Worded like MySqlLifecycle.ManualRecoveryInstructions, which is what the client puts in this alert.</summary>
    public const string RecoverySteps =
        "The database server 'main' (127.0.0.1:3306) is NOT running. Start it by hand:\n" +
        "    systemctl start mariadb\n" +
        "then check that it answers:\n" +
        "    mariadb --host=127.0.0.1 --port=3306 --user=backup -p -e 'SELECT 1'\n" +
        "If it does not start, read its error log (data directory /var/lib/mysql).\n" +
        "A complete cold backup taken while it was stopped is kept at " + KeptArchive + "; restore it with: akkabackup restore " + KeptArchive + " --datadir <empty directory>";

    public static readonly DateTimeOffset Time = new(2026, 11, 25, 14, 36, 50, TimeSpan.Zero);

    /// <summary>Fast retries so a dead endpoint is given up on quickly; a window long enough to hold back repeats.</summary>
    public static readonly AlertDeliveryPolicy QuickRetries = new()
    {
        MaxAttempts = 3,
        FirstRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>Generous: only there so that a broken test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static Alert ServerDown() => BackupAlerts.ServerNotRestarted(Node, "main", RecoverySteps, Time);

    public static Alert Of(AlertSeverity severity, string key) =>
        new(severity, AlertKind.Test, Node, "main", $"{severity} alert {key}", $"body of {key}", Time) { DeduplicationKey = key };
}
