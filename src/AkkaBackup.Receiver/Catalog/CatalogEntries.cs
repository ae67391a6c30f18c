using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Drills;
using AkkaBackup.Receiver.Storage;
using AkkaBackup.Receiver.Transfers;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Database;

namespace AkkaBackup.Receiver.Catalog;

/// <summary>The catalog rows the receiver's actors publish on the event stream, worded once.</summary>
public static class CatalogEntries
{
    /// <param name="client">The certificate CN the transport read; never a name from a message.</param>
    public static CatalogEntry Refused(string client, string? instance, string reason, DateTimeOffset at) =>
        new(at, CatalogEvent.Refused) { Client = client, Instance = instance, Reason = reason };

    public static CatalogEntry Deleted(DeletionOutcome outcome, DateTimeOffset at)
    {
        var backup = outcome.Deletion.Backup;
        return new CatalogEntry(at, CatalogEvent.Deleted)
        {
            Client = backup.Instance.Client,
            Instance = backup.Instance.Instance,
            Type = backup.Type,
            StoredName = System.IO.Path.GetFileName(backup.Path),
            StoredPath = backup.Path,
            ArchiveBytes = backup.SizeBytes,
            Rule = outcome.Deletion.Rule,
            Reason = outcome.Deletion.Reason,
        };
    }

    /// <summary>A filing: what the client described and reported (checked: <paramref name="reported"/>), what the receiver checked, and the time from the transfer's open.</summary>
    public static CatalogEntry Filed(AssemblerEvents.TransferStarted header, ReceiverProtocol.CompleteTransfer complete, TransferMessages.ArchiveFiled filed, DateTimeOffset at, ReportedRunTimes reported) =>
        new(at, CatalogEvent.Filed)
        {
            Client = header.ClientId,
            Instance = header.Instance,
            Type = StoredType.Of(complete.Description),
            StoredName = filed.StoredName,
            StoredPath = filed.StoredPath,
            ArchiveBytes = complete.Length,
            DataBytes = complete.Description.DataBytes,
            Sha256 = complete.Sha256,
            TransferId = header.TransferId,
            Duration = at - header.At,
            Downtime = reported.Downtime,
            NextRun = reported.NextRun,
        };

    /// <summary>
    /// A restore drill, at the time it ended: client, instance and type from the archive's manifest (null without
    /// one), the archive, the SHA-256 the restore verified, what it expands to, why it did not pass, every table.
    /// </summary>
    public static CatalogEntry Drilled(DrillOutcome outcome) =>
        new(outcome.StartedAt + outcome.Duration, CatalogEvent.Drill)
        {
            Client = outcome.Client,
            Instance = outcome.Instance,
            Type = BackupTypes.TryParse(outcome.BackupType, out var type) ? type : null,
            StoredName = System.IO.Path.GetFileName(outcome.ArchivePath),
            StoredPath = outcome.ArchivePath,
            DataBytes = outcome.RestoredBytes,
            Sha256 = outcome.ArchiveSha256,
            Duration = outcome.Duration,
            Reason = outcome.Error,
            Drill = new CatalogDrill(
                outcome.Status switch
                {
                    DrillStatus.Passed => CatalogDrillStatus.Passed,
                    DrillStatus.Refused => CatalogDrillStatus.Refused,
                    _ => CatalogDrillStatus.Failed,
                },
                outcome.FailedStage is { } stage ? EnumText.ToText(stage) : null,
                outcome.Tables.Select(t => new CatalogDrillTable(t.Table, t.Passed, t.Check, t.Checksum)).ToList()),
        };

    public static CatalogEntry OfTransfer(CatalogEvent kind, string transferId, string client, string instance, BackupType? type, string reason, DateTimeOffset at) =>
        new(at, kind) { Client = client, Instance = instance, Type = type, TransferId = transferId, Reason = reason };
}
