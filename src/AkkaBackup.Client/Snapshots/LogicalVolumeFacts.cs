using System.Globalization;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// What <c>lvs</c> says about the logical volume a data directory is on. <paramref name="Attributes"/> is lv_attr
/// ("-wi-ao----"): its first letter is the volume type ('s' a snapshot, 'V' a thin volume, 'o' an origin).
/// </summary>
public sealed record LogicalVolumeFacts(string VolumeGroup, string Name, string Attributes, long SizeBytes, long GroupFreeBytes, long ExtentBytes)
{
    /// <summary>The fields asked of lvs, in bytes without unit suffixes, one line per volume.</summary>
    public static readonly string[] Arguments = ["--noheadings", "--separator", ",", "--units", "b", "--nosuffix", "-o", "vg_name,lv_name,lv_attr,lv_size,vg_free,vg_extent_size"];

    public string FullName => $"{VolumeGroup}/{Name}";

    /// <summary>One line of lvs output as asked with <see cref="Arguments"/>; null when it is not one.</summary>
    public static LogicalVolumeFacts? Parse(string line)
    {
        var fields = line.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length != 6 || fields[0].Length == 0 || fields[1].Length == 0
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var free)
            || !long.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out var extent))
        {
            return null;
        }

        return new LogicalVolumeFacts(fields[0], fields[1], fields[2], size, free, extent);
    }
}
