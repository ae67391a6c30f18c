namespace AkkaBackup.Core.Alerts;

/// <summary>What happened. Part of the default deduplication key, so each kind is rate-limited on its own.</summary>
public enum AlertKind
{
    /// <summary>A run stopped the database server and could not start it again: someone must act now.</summary>
    ServerNotRestarted,
    BackupFailed,
    BackupSucceeded,

    /// <summary>A retention rule would have deleted the newest verified backup of an instance and was overruled.</summary>
    RetentionCouldNotKeepNewest,
    StoreNearlyFull,

    /// <summary>A volume ran out of space mid-transfer.</summary>
    StoreFull,

    /// <summary>No bytes moved for the configured time.</summary>
    TransferStalled,

    /// <summary>Sent on request to prove a channel works.</summary>
    Test,

    /// <summary>An instance has had no successful backup for longer than its expected interval (client side).</summary>
    InstanceOverdue,

    /// <summary>An overdue instance has a successful backup again.</summary>
    InstanceOverdueRecovered,

    /// <summary>A run was asked for (by a schedule, an operator, a retry) and did not happen.</summary>
    RunSkipped,

    /// <summary>A pending transfer was retried automatically for longer than <c>pending.max-age</c> and waits for a person.</summary>
    PendingTransferGivenUp,

    /// <summary>A node with schedules started with them paused (<c>auto-start = false</c>): nothing fires until someone resumes them.</summary>
    SchedulesPaused,
}
