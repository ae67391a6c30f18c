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

    /// <summary>The receiver's dead man's switch: a client/instance it stores sent no backup within its expected interval.</summary>
    BackupOverdue,

    /// <summary>A backup arrived again for a client/instance that was overdue.</summary>
    BackupRecovered,

    /// <summary>The receiver cannot write its fleet catalog (backups are still stored).</summary>
    CatalogUnavailable,

    /// <summary>A restore drill of a stored backup failed (the backup did not prove restorable) or could not run.</summary>
    DrillFailed,

    /// <summary>Sent on request to prove a channel works.</summary>
    Test,

    /// <summary>A snapshot run could not remove its clone (an LVM snapshot slows its origin's writes until removed).</summary>
    CloneNotRemoved,

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
