using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport.FileSystems;

namespace AkkaBackup.TestSupport.Volumes;

/// <summary>
/// Fake <c>lvs</c>, <c>lvcreate</c> and <c>lvremove</c> for tests, because the kernel the tests run on has no
/// device-mapper, so no LVM can exist there. They act like the real tools on real block devices: the "origin
/// logical volume" is a loop-mounted image (<see cref="LoopFileSystem"/>); <c>lvcreate --snapshot</c> freezes its
/// file system (as LVM's suspend does), copies the image and attaches the copy to a loop device of its own, so
/// that a real <c>mount -o ro</c> works on it; <c>lvremove</c> refuses a mounted snapshot, detaches and deletes it.
/// The volume group's free bytes go down and up with each snapshot. Disposing unmounts and detaches what is left.
/// </summary>
public sealed class FakeLvm : IAsyncDisposable
{
    public const string VolumeGroup = "vg0";
    public const string Origin = "mysql";
    private const long Extent = 4L << 20;

    private readonly string _directory;

    private FakeLvm(string directory) => _directory = directory;

    /// <summary>Where lvs, lvcreate and lvremove are, for <c>client.lvm-tools</c>.</summary>
    public string ToolsDirectory => Path.Combine(_directory, "bin");

    private string State => Path.Combine(_directory, "state");

    /// <summary>Makes <paramref name="origin"/>'s loop device the logical volume vg0/mysql, in a volume group with <paramref name="freeBytes"/> free.</summary>
    public static async Task<FakeLvm> CreateAsync(LoopFileSystem origin, long freeBytes)
    {
        var lvm = new FakeLvm(FakeScripts.NewDirectory("lvm"));
        Directory.CreateDirectory(Path.Combine(lvm.State, "lv", VolumeGroup));
        Directory.CreateDirectory(Path.Combine(lvm.State, "images"));
        var size = new FileInfo(origin.Image!).Length;
        File.WriteAllText(Path.Combine(lvm.State, "lv", VolumeGroup, Origin), $"path={await origin.DeviceAsync()}\nattr=-wi-ao----\nsize={size}\nimage={origin.Image}\n");
        lvm.SetFreeBytes(freeBytes);
        FakeScripts.Write(lvm._directory, "lvs", Lvs);
        FakeScripts.Write(lvm._directory, "lvcreate", LvCreate);
        FakeScripts.Write(lvm._directory, "lvremove", LvRemove);
        return lvm;
    }

    /// <summary>The volume group's free bytes now.</summary>
    public long FreeBytes => long.Parse(File.ReadAllLines(Path.Combine(State, "vg", VolumeGroup))[0]["free=".Length..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>While set, lvremove fails as one does on a snapshot another device still uses.</summary>
    public bool FailRemoval
    {
        set
        {
            var marker = Path.Combine(State, "fail-lvremove");
            if (value)
            {
                File.WriteAllText(marker, "");
            }
            else
            {
                File.Delete(marker);
            }
        }
    }

    /// <summary>The snapshot volumes that exist, "vg0/name".</summary>
    public IReadOnlyList<string> Snapshots() =>
        Directory.GetFiles(Path.Combine(State, "lv", VolumeGroup)).Select(Path.GetFileName).Where(n => n != Origin).Select(n => $"{VolumeGroup}/{n}").Order(StringComparer.Ordinal).ToList();

    /// <summary>The device of a snapshot volume ("vg0/name"), as lvs reports its lv_path.</summary>
    public string DeviceOf(string snapshot) =>
        File.ReadAllLines(Path.Combine(State, "lv", snapshot)).First(l => l.StartsWith("path=", StringComparison.Ordinal))["path=".Length..];

    /// <summary>The loop devices attached to snapshot images that still exist.</summary>
    public async Task<string> AttachedSnapshotDevicesAsync()
    {
        var result = await ProcessRunner.RunAsync(new ProcessCommand("losetup", ["-n", "-O", "NAME,BACK-FILE", "-l"]) { Timeout = TimeSpan.FromSeconds(30) });
        return string.Join('\n', result.Output.Split('\n').Where(line => line.Contains(Path.Combine(State, "images"), StringComparison.Ordinal)));
    }

    /// <summary>Runs one of the fake programs as a node would, e.g. to leave a snapshot behind as a crashed run does.</summary>
    public async Task RunAsync(string program, params string[] arguments) => await LoopFileSystem.RunAsync([Path.Combine(ToolsDirectory, program), .. arguments]);

    public void SetFreeBytes(long freeBytes)
    {
        Directory.CreateDirectory(Path.Combine(State, "vg"));
        File.WriteAllText(Path.Combine(State, "vg", VolumeGroup), $"free={freeBytes}\nextent={Extent}\n");
    }

    public async ValueTask DisposeAsync()
    {
        FailRemoval = false;
        foreach (var file in Directory.GetFiles(Path.Combine(State, "lv", VolumeGroup)).Where(f => Path.GetFileName(f) != Origin))
        {
            var device = DeviceOf($"{VolumeGroup}/{Path.GetFileName(file)}");
            var mounts = await ProcessRunner.RunAsync(new ProcessCommand("findmnt", ["-n", "-o", "TARGET", "--source", device]) { Timeout = TimeSpan.FromSeconds(30) });
            foreach (var target in mounts.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await ProcessRunner.RunAsync(new ProcessCommand("umount", ["-l", target]) { Timeout = TimeSpan.FromSeconds(30) });
            }

            await ProcessRunner.RunAsync(new ProcessCommand("losetup", ["-d", device]) { Timeout = TimeSpan.FromSeconds(30) });
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless and must not hide the test's own outcome.
        }
    }

    private const string Lvs = """
        #!/bin/bash
        # Fake lvs for the tests (the kernel they run on has no device-mapper): answers from the fake's state.
        state="@STATE@"
        sep=" "; fields="lv_name,vg_name,lv_attr,lv_size"; target=""
        while [ $# -gt 0 ]; do
          case "$1" in
            --noheadings|--nosuffix) ;;
            --separator) sep="$2"; shift ;;
            --units) shift ;;
            -o) fields="$2"; shift ;;
            -*) echo "fake lvs: unknown option $1" >&2; exit 3 ;;
            *) target="$1" ;;
          esac
          shift
        done
        found=0
        for file in "$state"/lv/*/*; do
          [ -f "$file" ] || continue
          vg=$(basename "$(dirname "$file")"); lv=$(basename "$file")
          . "$file"; . "$state/vg/$vg"
          case "$target" in
            "") ;;
            /dev/*) [ "$(realpath "$target")" = "$(realpath "$path")" ] || continue ;;
            */*) [ "$target" = "$vg/$lv" ] || continue ;;
            *) [ "$target" = "$vg" ] || continue ;;
          esac
          line=""
          IFS=, read -ra names <<< "$fields"
          for name in "${names[@]}"; do
            case "$name" in
              vg_name) value=$vg ;; lv_name) value=$lv ;; lv_attr) value=$attr ;; lv_size) value=$size ;;
              vg_free) value=$free ;; vg_extent_size) value=$extent ;; lv_path) value=$path ;;
              *) echo "fake lvs: unknown field $name" >&2; exit 3 ;;
            esac
            line="${line:+$line$sep}$value"
          done
          echo "  $line"; found=1
        done
        if [ -n "$target" ] && [ $found = 0 ]; then echo "  Failed to find logical volume \"$target\"" >&2; exit 5; fi
        exit 0
        """;

    private const string LvCreate = """
        #!/bin/bash
        # Fake lvcreate --snapshot for the tests (no device-mapper here): a frozen copy of the origin's image on a loop device.
        state="@STATE@"
        name=""; wanted=""; origin=""; snapshot=0
        while [ $# -gt 0 ]; do
          case "$1" in
            --snapshot|-s) snapshot=1 ;;
            --name|-n) name="$2"; shift ;;
            --size|-L) wanted="$2"; shift ;;
            -*) echo "fake lvcreate: unknown option $1" >&2; exit 3 ;;
            *) origin="$1" ;;
          esac
          shift
        done
        if [ $snapshot != 1 ] || [ -z "$name" ] || [ "${wanted%b}" = "$wanted" ]; then echo "fake lvcreate: only --snapshot --name N --size <bytes>b vg/lv" >&2; exit 3; fi
        vg=${origin%%/*}; file="$state/lv/$origin"; bytes=${wanted%b}
        [ -f "$file" ] || { echo "  Failed to find logical volume \"$origin\"" >&2; exit 5; }
        [ ! -e "$state/lv/$vg/$name" ] || { echo "  Logical Volume \"$name\" already exists in volume group \"$vg\"" >&2; exit 5; }
        . "$state/vg/$vg"
        if [ "$bytes" -gt "$free" ]; then echo "  Volume group \"$vg\" has insufficient free space: $bytes bytes required, $free free." >&2; exit 5; fi
        . "$file"
        mountpoint=$(findmnt -n -o TARGET --source "$path" | head -n1)
        copy="$state/images/$vg-$name"
        # The real lvcreate suspends the origin, which freezes its file system: the copy is as consistent as a snapshot.
        [ -z "$mountpoint" ] || fsfreeze -f "$mountpoint" || exit 5
        cp --sparse=always "$image" "$copy"; copied=$?
        [ -z "$mountpoint" ] || fsfreeze -u "$mountpoint"
        [ $copied = 0 ] || { rm -f "$copy"; exit 5; }
        device=$(losetup -f --show "$copy") || { rm -f "$copy"; exit 5; }
        printf 'path=%s\nattr=swi-a-s---\nsize=%s\nimage=%s\n' "$device" "$bytes" "$copy" > "$state/lv/$vg/$name"
        printf 'free=%s\nextent=%s\n' "$((free - bytes))" "$extent" > "$state/vg/$vg"
        echo "  Logical volume \"$name\" created."
        """;

    private const string LvRemove = """
        #!/bin/bash
        # Fake lvremove for the tests (no device-mapper here): detaches and deletes a snapshot's loop device and image.
        state="@STATE@"
        target=""
        for a in "$@"; do case "$a" in -f|--force|-y) ;; -*) echo "fake lvremove: unknown option $a" >&2; exit 3 ;; *) target="$a" ;; esac; done
        file="$state/lv/$target"
        [ -f "$file" ] || { echo "  Failed to find logical volume \"$target\"" >&2; exit 5; }
        if [ -e "$state/fail-lvremove" ]; then echo "  Logical volume $target is used by another device." >&2; exit 5; fi
        . "$file"
        [ "$attr" = "swi-a-s---" ] || { echo "fake lvremove: only snapshots are removed here" >&2; exit 3; }
        if findmnt -n --source "$path" > /dev/null; then echo "  Logical volume $target contains a filesystem in use." >&2; exit 5; fi
        losetup -d "$path" || exit 5
        rm -f "$image" "$file"
        vg=${target%%/*}; . "$state/vg/$vg"
        printf 'free=%s\nextent=%s\n' "$((free + size))" "$extent" > "$state/vg/$vg"
        echo "  Logical volume \"${target#*/}\" successfully removed."
        """;
}
