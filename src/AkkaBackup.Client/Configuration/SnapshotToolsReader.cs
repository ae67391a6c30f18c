using System.Globalization;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Client.Configuration;

/// <summary>Reads <c>client.lvm-tools</c>, <c>client.lvm-snapshot-size</c>, <c>client.zfs-tool</c> and the tests' <c>testing.zfs-stand-ins</c>.</summary>
internal static class SnapshotToolsReader
{
    public static SnapshotTools Read(HoconSection client, HoconSection testing)
    {
        var lvmTools = client.String("lvm-tools");
        if (lvmTools.Length > 0 && !Path.IsPathFullyQualified(lvmTools))
        {
            throw new ConfigurationException($"{client.PathOf("lvm-tools")} = '{lvmTools}' must be an absolute path (the directory holding lvs, lvcreate and lvremove), or \"\" for PATH");
        }

        var zfs = client.String("zfs-tool");
        if (zfs.Length > 0 && !Path.IsPathFullyQualified(zfs))
        {
            throw new ConfigurationException($"{client.PathOf("zfs-tool")} = '{zfs}' must be an absolute path (of the zfs program), or \"\" for PATH");
        }

        var standIns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in testing.StringList("zfs-stand-ins"))
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2 || !Path.IsPathFullyQualified(parts[0]) || parts[1].Length == 0)
            {
                throw new ConfigurationException($"{testing.PathOf("zfs-stand-ins")}: '{entry}' must be /mount/point=pool/dataset");
            }

            standIns[Path.TrimEndingDirectorySeparator(parts[0])] = parts[1];
        }

        return new SnapshotTools(Path.TrimEndingDirectorySeparator(lvmTools), zfs, Size(client), standIns);
    }

    /// <summary>"20%" of the origin, 1 to 100, or a byte size such as "10GiB".</summary>
    private static VolumeShare Size(HoconSection client)
    {
        var text = client.String("lvm-snapshot-size").Trim();
        if (!text.EndsWith('%'))
        {
            return VolumeShare.Fixed(client.ByteSize("lvm-snapshot-size", 1));
        }

        return int.TryParse(text[..^1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent is >= 1 and <= 100
            ? VolumeShare.Percent(percent)
            : throw new ConfigurationException($"{client.PathOf("lvm-snapshot-size")} = '{text}' must be a share of the origin volume from 1% to 100%, or a size such as 10GiB");
    }
}
