namespace AkkaBackup.Core.Hot;

/// <summary>One hot backup of one running server.</summary>
/// <param name="DataDirectory">The server's data directory; mariadb-backup reads its files while the server runs.</param>
/// <param name="WorkDirectory">Where the run keeps its options file and the tool's temporary files (the redo log it copies); all removed after.</param>
/// <param name="Parallel">Files mariadb-backup copies at once (<c>--parallel</c>).</param>
public sealed record HotBackupRequest(HotBackupTool Tool, HotBackupConnection Connection, string DataDirectory, string WorkDirectory, int Parallel = 2);
