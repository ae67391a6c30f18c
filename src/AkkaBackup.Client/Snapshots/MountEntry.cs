using System.Text;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// One line of <c>/proc/self/mountinfo</c>: <paramref name="Device"/> is the file system's "major:minor"
/// (the same for every mount and subvolume of one btrfs, unlike a file's st_dev), <paramref name="Source"/>
/// what was mounted (/dev/sda1, /dev/mapper/vg-lv, tank/mysql), <paramref name="Root"/> the directory of that file
/// system mounted there ("/" unless a bind mount or a btrfs subvolume).
/// </summary>
internal sealed record MountEntry(ulong MountId, string Device, string MountPoint, string FileSystem, string Source, string Root = "/")
{
    /// <summary>The mount with this id (<c>statx</c> stx_mnt_id), exact however mounts nest or are stacked.</summary>
    public static MountEntry Find(ulong mountId, string path)
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            if (Parse(line) is { } entry && entry.MountId == mountId)
            {
                return entry;
            }
        }

        throw new SnapshotUnsupportedException($"cannot find the mount of {path} (mount id {mountId}) in /proc/self/mountinfo");
    }

    /// <summary>"36 25 8:1 / /var/lib/mysql rw,noatime shared:1 - xfs /dev/sda1 rw,attr2": optional fields end at " - ".</summary>
    internal static MountEntry? Parse(string line)
    {
        var separator = line.IndexOf(" - ", StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }

        var before = line[..separator].Split(' ');
        var after = line[(separator + 3)..].Split(' ');
        if (before.Length < 6 || after.Length < 2 || !ulong.TryParse(before[0], out var id))
        {
            return null;
        }

        return new MountEntry(id, before[2], Unescape(before[4]), after[0], Unescape(after[1]), Unescape(before[3]));
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as octal escapes (\040).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var bytes = new List<byte>();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field.AsSpan(i + 1, 3)))
            {
                bytes.Add(Convert.ToByte(field.Substring(i + 1, 3), 8));
                i += 3;
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(ReadOnlySpan<char> digits) => digits.Length == 3 && digits.IndexOfAnyExcept("01234567") < 0;
}
