namespace AkkaBackup.Core.Retention;

/// <summary>What happened to one planned deletion; <see cref="ToString"/> is the log line, rule included.</summary>
/// <param name="Error">Null when the archive and its manifest are gone; otherwise why not (the backup is then left as it was, or only its manifest remains).</param>
public sealed record DeletionOutcome(BackupToDelete Deletion, bool ArchiveDeleted, bool ManifestDeleted, string? Error)
{
    public bool Succeeded => Error is null;

    public override string ToString() => Succeeded
        ? $"deleted {Deletion.Backup.Path} ({Deletion.Backup.SizeBytes:N0} bytes, {Deletion.Backup.Instance}) and its manifest by {Deletion.Rule}: {Deletion.Reason}"
        : $"could not delete {Deletion.Backup.Path} ({Deletion.Rule}): {Error}";
}
