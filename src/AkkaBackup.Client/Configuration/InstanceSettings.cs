using AkkaBackup.Core.Naming;
using AkkaBackup.Store.Instances;

namespace AkkaBackup.Client.Configuration;

/// <summary>
/// One MySQL/MariaDB server as a run uses it: the stored <see cref="MySqlInstance"/> with its password
/// revealed and its target resolved. Made only by <c>StoredConfiguration.ToSettings</c>, so a new field goes
/// into <see cref="MySqlInstance"/>, its table and that one mapping.
/// </summary>
/// <param name="Target">Where its runs go, resolved from the node's store; null for the node's HOCON receiver.</param>
/// <param name="Type">How its runs take their copy unless a run asks for another.</param>
/// <param name="CloneDirectory">Where a snapshot's clone goes; empty = the data directory's parent.</param>
public sealed record InstanceSettings(
    string Name,
    string Server,
    string Host,
    int Port,
    string User,
    string Password,
    string DataDirectory,
    ServiceKind ServiceKind,
    string ServiceName,
    string StopCommand,
    string StartCommand,
    TimeSpan StopTimeout,
    TimeSpan StartTimeout,
    TimeSpan ProbeTimeout,
    TargetSettings? Target = null,
    BackupType Type = BackupType.Cold,
    string CloneDirectory = "")
{
    /// <summary>Safe to log: never includes the password.</summary>
    public override string ToString() => $"{Name} ({Server}, {Host}:{Port}, datadir {DataDirectory}, {ServiceKind}, {Type.Name()})";

    /// <summary>Where a snapshot's clones go: the configured directory, or the data directory's parent.</summary>
    public string CloneRoot => CloneDirectory.Length > 0 ? CloneDirectory : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(DataDirectory)) ?? DataDirectory;
}
