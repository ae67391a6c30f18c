using AkkaBackup.Core.Archive;

namespace AkkaBackup.Core.Hot;

/// <summary>
/// A sealed hot archive and what mariadb-backup reported about it. The LSNs say which point in the server's
/// history the backup restores to (<see cref="ToLsn"/>) and are what an incremental backup would start from.
/// </summary>
/// <param name="FromLsn">First LSN of the redo log copied (the checkpoint the copy started from).</param>
/// <param name="ToLsn">Last LSN copied: the backup's point in time.</param>
/// <param name="CheckpointLsn">"The latest check point (for incremental)".</param>
/// <param name="ToolVersion">The tool's own version line, e.g. "mariadb-backup based on MariaDB server 10.11.19-MariaDB ...".</param>
/// <param name="LogTail">The last lines mariadb-backup wrote to stderr.</param>
public sealed record HotArchiveResult(ArchiveResult Archive, string? FromLsn, string? ToLsn, string? CheckpointLsn, string ToolVersion)
{
    public string LogTail { get; init; } = "";
}
