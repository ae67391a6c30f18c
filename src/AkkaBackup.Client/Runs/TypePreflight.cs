using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Core.Hot;
using AkkaBackup.Core.Naming;
using MySqlConnector;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// What a run of <see cref="BackupType.Snapshot"/> or <see cref="BackupType.Hot"/> needs beyond a cold run's
/// checks, found before the server is touched: where and how the data directory can be cloned, or the hot
/// backup tool and the privileges it needs.
/// </summary>
/// <param name="Snapshot">Snapshot: how the data directory is cloned.</param>
/// <param name="ClonePath">Snapshot: where this run's clone goes.</param>
/// <param name="CloneVolume">Snapshot by LVM or ZFS: the snapshot's name ("vg/akkabackup-&lt;run&gt;", "dataset@akkabackup-&lt;run&gt;").</param>
/// <param name="HotTool">Hot: mariadb-backup and mbstream.</param>
public sealed record TypePlan(BackupType Type, ClonePlan? Snapshot = null, string? ClonePath = null, HotBackupTool? HotTool = null, string? CloneVolume = null)
{
    public static readonly TypePlan Cold = new(BackupType.Cold);
}

public static class TypePreflight
{
    /// <exception cref="PreflightException">The type cannot be taken here, and why; nothing was touched.</exception>
    public static async Task<TypePlan> CheckAsync(InstanceSettings instance, string runId, string hotBackupTool, SnapshotTools snapshotTools, CancellationToken ct)
    {
        switch (instance.Type)
        {
            case BackupType.Snapshot:
                return await SnapshotAsync(instance, runId, snapshotTools, ct);
            case BackupType.Hot:
                return await HotAsync(instance, hotBackupTool, ct);
            default:
                return TypePlan.Cold;
        }
    }

    private static async Task<TypePlan> SnapshotAsync(InstanceSettings instance, string runId, SnapshotTools tools, CancellationToken ct)
    {
        try
        {
            var plan = await CloneProbe.PlanAsync(instance.DataDirectory, instance.CloneDirectory.Length == 0 ? null : instance.CloneDirectory, tools, ct);
            var (clonePath, volume) = DataDirectoryClone.Target(plan, runId);
            return new TypePlan(BackupType.Snapshot, plan, clonePath, CloneVolume: volume);
        }
        catch (SnapshotUnsupportedException e)
        {
            throw new PreflightException($"type = snapshot is not possible for instance '{instance.Name}': {e.Message}", e);
        }
    }

    private static async Task<TypePlan> HotAsync(InstanceSettings instance, string configuredTool, CancellationToken ct)
    {
        HotBackupTool tool;
        try
        {
            tool = HotBackupTools.Find(configuredTool.Length == 0 ? null : configuredTool);
        }
        catch (HotBackupUnavailableException e)
        {
            throw new PreflightException($"type = hot is not possible for instance '{instance.Name}': {e.Message}", e);
        }

        if (await MissingPrivilegesAsync(instance, ct) is { } missing)
        {
            throw new PreflightException($"{missing}; the server was not touched");
        }

        return new TypePlan(BackupType.Hot, HotTool: tool);
    }

    /// <summary>What a hot run's user lacks, worded for a person; null when it has what mariadb-backup needs.</summary>
    public static async Task<string?> MissingPrivilegesAsync(InstanceSettings instance, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(MySqlProbe.ConnectionString(instance, instance.ProbeTimeout));
        await connection.OpenAsync(ct);
        var missing = await HotBackupPrivileges.MissingAsync(connection, ct);
        return missing.Count == 0
            ? null
            : $"type = hot: user '{instance.User}' lacks {string.Join(", ", missing)}, which mariadb-backup needs (GRANT {string.Join(", ", missing)} ON *.* TO '{instance.User}'@'…')";
    }

    /// <summary>Why this instance's data directory cannot be cloned; null when a snapshot can be taken.</summary>
    public static async Task<string?> SnapshotProblemAsync(InstanceSettings instance, SnapshotTools tools, CancellationToken ct)
    {
        try
        {
            await CloneProbe.PlanAsync(instance.DataDirectory, instance.CloneDirectory.Length == 0 ? null : instance.CloneDirectory, tools, ct);
            return null;
        }
        catch (SnapshotUnsupportedException e)
        {
            return $"type = snapshot is not possible for instance '{instance.Name}': {e.Message}";
        }
    }
}
