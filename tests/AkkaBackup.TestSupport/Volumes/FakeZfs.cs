namespace AkkaBackup.TestSupport.Volumes;

/// <summary>
/// A fake <c>zfs</c> for tests, because the kernel the tests run on has no ZFS. A "dataset" is a plain directory
/// standing for its mount point (the node is told so with <c>akkabackup.testing.zfs-stand-ins</c>);
/// <c>zfs snapshot</c> copies that directory into <c>&lt;mount point&gt;/.zfs/snapshot/&lt;name&gt;</c>, where ZFS
/// shows a snapshot, <c>zfs destroy</c> removes it, <c>zfs list</c> lists datasets and snapshots.
/// </summary>
public sealed class FakeZfs : IDisposable
{
    public const string Dataset = "tank/mysql";

    private readonly string _directory;

    private FakeZfs(string directory) => _directory = directory;

    /// <summary>The fake zfs program, for <c>client.zfs-tool</c>.</summary>
    public string Program => Path.Combine(_directory, "bin", "zfs");

    /// <summary>The directory standing for the dataset's mount point.</summary>
    public string MountPoint => Path.Combine(_directory, "tank");

    /// <summary>The node's configuration that points at this fake.</summary>
    public string Configuration => $"akkabackup.client.zfs-tool = \"{Program}\"\nakkabackup.testing.zfs-stand-ins = [\"{MountPoint}={Dataset}\"]";

    private string State => Path.Combine(_directory, "state");

    public static FakeZfs Create()
    {
        var zfs = new FakeZfs(FakeScripts.NewDirectory("zfs"));
        Directory.CreateDirectory(zfs.MountPoint);
        Directory.CreateDirectory(Path.Combine(zfs.State, "datasets"));
        Directory.CreateDirectory(Path.Combine(zfs.State, "snapshots"));
        File.WriteAllText(Path.Combine(zfs.State, "datasets", Dataset.Replace('/', '+')), zfs.MountPoint);
        FakeScripts.Write(zfs._directory, "zfs", Script);
        return zfs;
    }

    /// <summary>The snapshots that exist, "dataset@name".</summary>
    public IReadOnlyList<string> Snapshots() =>
        Directory.GetFiles(Path.Combine(State, "snapshots")).Select(f => Path.GetFileName(f).Replace('+', '/')).Order(StringComparer.Ordinal).ToList();

    /// <summary>What is under the dataset's .zfs/snapshot directory.</summary>
    public IReadOnlyList<string> SnapshotDirectories() =>
        Directory.Exists(Path.Combine(MountPoint, ".zfs", "snapshot")) ? Directory.GetFileSystemEntries(Path.Combine(MountPoint, ".zfs", "snapshot")) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless and must not hide the test's own outcome.
        }
    }

    private const string Script = """
        #!/bin/bash
        # Fake zfs for the tests (the kernel they run on has no ZFS): a dataset is a directory, a snapshot a copy of it.
        state="@STATE@"
        mountpoint_of() { cat "$state/datasets/${1//\//+}" 2> /dev/null; }
        case "$1" in
          list)
            shift; type=""; target=""
            while [ $# -gt 0 ]; do case "$1" in -H) ;; -o) shift ;; -t) type="$2"; shift ;; *) target="$1" ;; esac; shift; done
            if [ "$type" = snapshot ]; then
              if [ -n "$target" ]; then
                [ -e "$state/snapshots/${target//\//+}" ] && { echo "$target"; exit 0; }
                echo "cannot open '$target': dataset does not exist" >&2; exit 1
              fi
              for f in "$state"/snapshots/*; do [ -e "$f" ] || continue; b=$(basename "$f"); echo "${b//+//}"; done
              exit 0
            fi
            [ -n "$(mountpoint_of "$target")" ] && { echo "$target"; exit 0; }
            echo "cannot open '$target': dataset does not exist" >&2; exit 1 ;;
          snapshot)
            snap="$2"; ds="${snap%@*}"; name="${snap#*@}"; mp=$(mountpoint_of "$ds")
            [ -n "$mp" ] || { echo "cannot open '$ds': dataset does not exist" >&2; exit 1; }
            [ ! -e "$state/snapshots/${snap//\//+}" ] || { echo "cannot create snapshot '$snap': dataset already exists" >&2; exit 1; }
            target="$mp/.zfs/snapshot/$name"; mkdir -p "$target"
            for entry in "$mp"/* "$mp"/.[!.]*; do
              [ -e "$entry" ] || continue
              [ "$(basename "$entry")" = .zfs ] && continue
              cp -a "$entry" "$target/" || exit 1
            done
            touch "$state/snapshots/${snap//\//+}" ;;
          destroy)
            snap="$2"; ds="${snap%@*}"; name="${snap#*@}"; mp=$(mountpoint_of "$ds")
            [ -e "$state/snapshots/${snap//\//+}" ] || { echo "could not find any snapshots to destroy; check snapshot names." >&2; exit 1; }
            rm -rf "$mp/.zfs/snapshot/$name" && rm -f "$state/snapshots/${snap//\//+}" ;;
          *) echo "fake zfs: unknown command $1" >&2; exit 2 ;;
        esac
        """;
}
