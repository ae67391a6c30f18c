using AkkaBackup.Core.Layout;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// Carries out a <see cref="RetentionPlan"/>: each archive, then its manifest (and its drill report). Archive first, so an interruption
/// leaves a manifest without archive (reported by <see cref="StoreScanner"/>), never an archive that looks unfiled.
/// One failure does not stop the others; nothing outside the store root and nothing in progress is touched.
/// </summary>
public static class RetentionExecutor
{
    public static IReadOnlyList<DeletionOutcome> Apply(RetentionPlan plan, string storeRoot) =>
        plan.Deletions.Select(deletion => Delete(deletion, storeRoot)).ToList();

    private static DeletionOutcome Delete(BackupToDelete deletion, string storeRoot)
    {
        var archive = deletion.Backup.Path;
        if (deletion.Backup.InProgress || File.Exists(archive + StoreFiles.ManifestTemporarySuffix))
        {
            return new DeletionOutcome(deletion, false, false, "in progress; not touched");
        }

        // Strictly below the root: the root itself is "under" the root, too.
        if (!StorePath.IsUnder(storeRoot, archive) || StorePath.IsUnder(archive, storeRoot))
        {
            return new DeletionOutcome(deletion, false, false, $"not inside the store {storeRoot}; not touched");
        }

        var archiveDeleted = false;
        try
        {
            archiveDeleted = DeleteFile(archive);
            var manifestDeleted = DeleteFile(StoreFiles.ManifestOf(archive));
            DeleteFile(StoreFiles.DrillReportOf(archive));
            return new DeletionOutcome(deletion, archiveDeleted, manifestDeleted, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DeletionOutcome(deletion, archiveDeleted, false, e.Message);
        }
    }

    private static bool DeleteFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
