using AkkaBackup.Core.Hot;

namespace AkkaBackup.Receiver.Drills;

/// <summary>What pre-flight found: what the archive restores to, the room for it, and the programs a drill of it runs.</summary>
/// <param name="HotTool">mariadb-backup and mbstream, for a hot archive; null for a zip.</param>
public sealed record DrillPlan(DrillSubject Subject, long RestoredBytes, long NeededBytes, long FreeBytes, string ServerBinary, HotBackupTool? HotTool);
