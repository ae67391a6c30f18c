namespace AkkaBackup.Core.Hot;

/// <summary>Where the tools are: mariadb-backup (or xtrabackup for MySQL) and mbstream (or xbstream).</summary>
/// <param name="BackupPath">Copies the running server's files as an xbstream and, on restore, prepares them.</param>
/// <param name="ExtractPath">Unpacks an xbstream into a directory.</param>
public sealed record HotBackupTool(string BackupPath, string ExtractPath);
