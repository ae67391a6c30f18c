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

    /// <summary>A snapshot run could not remove its clone (an LVM snapshot slows its origin's writes until removed).</summary>
    CloneNotRemoved,
}
