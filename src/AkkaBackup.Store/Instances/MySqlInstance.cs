using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.Instances;

/// <summary>
/// One MySQL/MariaDB server a client backs up. The password is not part of it: it is stored encrypted and
/// read only through <see cref="InstanceRepository.ReadPasswordAsync"/>, so this record is safe to log.
/// </summary>
/// <param name="Server">Server label used in archive names.</param>
/// <param name="Target">The target its runs go to; empty for the node's only target.</param>
/// <param name="Type">How its runs take their copy unless a run asks for another.</param>
/// <param name="CloneDirectory">Where a snapshot run puts the clone of the data directory (same file system); empty = the data directory's parent.</param>
/// <param name="OverdueAfter">How long the instance may go without a successful backup before the node alerts; null = derived from its schedules.</param>
public sealed record MySqlInstance(
    string Name,
    string Server,
    string Host,
    int Port,
    string User,
    string DataDirectory,
    ServiceKind ServiceKind,
    string ServiceName,
    string StopCommand,
    string StartCommand,
    TimeSpan StopTimeout,
    TimeSpan StartTimeout,
    TimeSpan ProbeTimeout,
    string Target = "",
    BackupType Type = BackupType.Cold,
    string CloneDirectory = "",
    TimeSpan? OverdueAfter = null);
