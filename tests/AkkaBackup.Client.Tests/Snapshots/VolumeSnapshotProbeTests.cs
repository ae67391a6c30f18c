using Akka.Configuration;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Core.Configuration;
using AkkaBackup.TestSupport.FileSystems;
using AkkaBackup.TestSupport.Volumes;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>
/// Pre-flight for LVM and ZFS snapshots and their settings. No device-mapper and no ZFS exist on the kernel the tests
/// run on, so lvs and zfs are the fakes of <see cref="FakeLvm"/> and <see cref="FakeZfs"/>, over real loop devices.
/// </summary>
public sealed class VolumeSnapshotProbeTests
{
    [Fact]
    public async Task Xfs_without_reflink_on_a_logical_volume_is_planned_as_an_lvm_snapshot_of_a_share_of_the_origin_in_whole_extents()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.XfsNoReflink);
        await using var lvm = await FakeLvm.CreateAsync(fs, freeBytes: 1L << 30);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "db", "mysql")).FullName;

        var plan = await CloneProbe.PlanAsync(data, null, Tools(lvm, VolumeShare.Percent(10)), CancellationToken.None);

        // 10 % of 512 MiB is 51.2 MiB: 13 extents of 4 MiB.
        Assert.Equal(new ClonePlan(CloneMethod.LvmSnapshot, data, Path.Combine(fs.MountPoint, "db"), "xfs", new VolumePlan("vg0/mysql", "db/mysql", 52L << 20)), plan);
        Assert.Equal(
            (Path.Combine(fs.MountPoint, "db", ".akkabackup-clone-20261125120000-01234567"), "vg0/akkabackup-20261125120000-01234567"),
            DataDirectoryClone.Target(plan, "20261125120000-01234567"));
    }

    [Fact]
    public async Task A_fixed_snapshot_size_larger_than_the_free_extents_is_refused_naming_both()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Ext4, 64);
        await using var lvm = await FakeLvm.CreateAsync(fs, freeBytes: 16L << 20);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, Tools(lvm, VolumeShare.Fixed(20L << 20)), CancellationToken.None));

        Assert.StartsWith($"volume group vg0 has {16L << 20} bytes free, but a snapshot of vg0/mysql needs {20L << 20} bytes (client.lvm-snapshot-size = {20L << 20} bytes, of an origin of {64L << 20} bytes)", refusal.Message);
    }

    [Fact]
    public async Task A_device_that_lvs_does_not_know_is_refused_with_what_lvs_said()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Ext4, 64);
        await using var other = await LoopFileSystem.CreateAsync(FileSystemKind.Ext4, 64);
        await using var lvm = await FakeLvm.CreateAsync(other, freeBytes: 1L << 30);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;
        var device = await fs.DeviceAsync();

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, Tools(lvm, VolumeShare.Percent(20)), CancellationToken.None));

        Assert.StartsWith($"ext4 at {data} cannot clone files, and {device} is not an LVM logical volume ({lvm.ToolsDirectory}/lvs ", refusal.Message);
        Assert.Contains($"exited with code 5: Failed to find logical volume \"{device}\")", refusal.Message);
        Assert.EndsWith("use type = cold or hot", refusal.Message);
    }

    [Fact]
    public async Task Missing_lvm_tools_leave_an_ext4_refused_saying_lvs_was_not_found()
    {
        await using var fs = await LoopFileSystem.CreateAsync(FileSystemKind.Ext4, 64);
        var data = Directory.CreateDirectory(Path.Combine(fs.MountPoint, "mysql")).FullName;
        var tools = SnapshotTools.Default with { LvmDirectory = "/opt/none" };

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, tools, CancellationToken.None));

        Assert.Contains("and lvs is not found in client.lvm-tools = /opt/none to tell whether /dev/loop", refusal.Message);
    }

    [Fact]
    public async Task A_directory_standing_for_a_zfs_dataset_is_planned_as_a_zfs_snapshot_read_under_dot_zfs()
    {
        using var zfs = FakeZfs.Create();
        var data = Directory.CreateDirectory(Path.Combine(zfs.MountPoint, "mysql")).FullName;
        var tools = SnapshotTools.Default with { Zfs = zfs.Program, ZfsStandIns = new Dictionary<string, string> { [zfs.MountPoint] = FakeZfs.Dataset } };

        var plan = await CloneProbe.PlanAsync(data, null, tools, CancellationToken.None);

        Assert.Equal(CloneMethod.ZfsSnapshot, plan.Method);
        Assert.Equal(new VolumePlan(FakeZfs.Dataset, "mysql", 0, zfs.MountPoint), plan.Volume);
        Assert.Equal(
            (Path.Combine(zfs.MountPoint, ".zfs", "snapshot", "akkabackup-20261125120000-01234567"), "tank/mysql@akkabackup-20261125120000-01234567"),
            DataDirectoryClone.Target(plan, "20261125120000-01234567"));
    }

    [Fact]
    public async Task A_zfs_dataset_without_the_zfs_program_is_refused_naming_where_it_was_looked_for()
    {
        using var zfs = FakeZfs.Create();
        var data = Directory.CreateDirectory(Path.Combine(zfs.MountPoint, "mysql")).FullName;
        var tools = SnapshotTools.Default with { Zfs = "/opt/none/zfs", ZfsStandIns = new Dictionary<string, string> { [zfs.MountPoint] = FakeZfs.Dataset } };

        var refusal = await Assert.ThrowsAsync<SnapshotUnsupportedException>(() => CloneProbe.PlanAsync(data, null, tools, CancellationToken.None));

        Assert.Equal($"zfs at {data} (tank/mysql): the zfs program is not found in client.zfs-tool = /opt/none/zfs; install zfsutils-linux (or set client.zfs-tool), or use type = cold or hot", refusal.Message);
    }

    [Theory]
    [InlineData("lvm-snapshot-size = \"20%\"", 20, null)]
    [InlineData("lvm-snapshot-size = 100%", 100, null)]
    [InlineData("lvm-snapshot-size = 10GiB", null, 10L << 30)]
    public void The_snapshot_size_is_a_share_or_a_size(string setting, int? percent, long? bytes)
    {
        var tools = Read(setting);

        Assert.Equal(new VolumeShare(percent, bytes), tools.LvmSnapshotSize);
    }

    [Theory]
    [InlineData("lvm-snapshot-size = \"0%\"", "akkabackup.client.lvm-snapshot-size = '0%' must be a share of the origin volume from 1% to 100%")]
    [InlineData("lvm-snapshot-size = \"150%\"", "'150%' must be a share")]
    [InlineData("lvm-snapshot-size = lots", "akkabackup.client.lvm-snapshot-size = 'lots' is not a byte size")]
    [InlineData("lvm-tools = sbin", "akkabackup.client.lvm-tools = 'sbin' must be an absolute path")]
    [InlineData("zfs-tool = zfs", "akkabackup.client.zfs-tool = 'zfs' must be an absolute path")]
    public void Bad_settings_are_refused_naming_the_value(string setting, string message)
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Read(setting));

        Assert.Contains(message, refusal.Message);
    }

    [Fact]
    public void The_defaults_look_on_path_and_take_a_fifth_of_the_origin()
    {
        var tools = Read("");

        Assert.Equal(("", "", VolumeShare.Percent(20)), (tools.LvmDirectory, tools.Zfs, tools.LvmSnapshotSize));
        Assert.Empty(tools.ZfsStandIns);
    }

    private static SnapshotTools Tools(FakeLvm lvm, VolumeShare size) => SnapshotTools.Default with { LvmDirectory = lvm.ToolsDirectory, LvmSnapshotSize = size };

    private static SnapshotTools Read(string setting) =>
        ClientSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
            akkabackup {
              node-name = client-1
              client {
                staging-directory = "/tmp/staging"
                receiver { host = 127.0.0.1, port = 4053, name = receiver }
                {{setting}}
              }
            }
            """))).SnapshotTools;
}
