using System.Text.RegularExpressions;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// LVM snapshot volumes and ZFS snapshots made by a run are named <c>akkabackup-&lt;run id&gt;</c>; only names of
/// exactly that shape (run ids are <c>yyyyMMddHHmmss-</c> and 8 hex digits) are ever removed as strays, so a
/// volume of the DBA's own called akkabackup-staging is never touched.
/// </summary>
internal static partial class VolumeSnapshotName
{
    public static string For(string runId) => "akkabackup-" + runId;

    /// <summary>The run id in a snapshot's name; null for any other name.</summary>
    public static string? RunIdOf(string name) => Shape().Match(name) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("^akkabackup-([0-9]{14}-[0-9a-f]{8})$")]
    private static partial Regex Shape();
}
