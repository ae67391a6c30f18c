using AkkaBackup.Client.Snapshots;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Naming;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.TestSupport;

namespace AkkaBackup.Client.Tests.Store;

/// <summary>The instance probe against a real private MariaDB server.</summary>
public sealed class MySqlInstanceProbeTests : IAsyncLifetime
{
    private MariaDbServer _db = null!;

    public async Task InitializeAsync() => _db = await MariaDbServer.StartNewAsync("probe");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private MySqlInstance Instance() => new(
        "main", "db1", "127.0.0.1", _db.Port, _db.User, _db.DataDirectory, ServiceKind.Command, "", _db.StopCommand, _db.StartCommand,
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task The_real_server_with_its_data_directory_passes()
    {
        Assert.Empty(await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(Instance(), new Secret(_db.Password), CancellationToken.None));
    }

    [Fact]
    public async Task Another_data_directory_is_refused_naming_what_the_server_says()
    {
        var failure = Assert.Single(await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(Instance() with { DataDirectory = "/var/lib/elsewhere" }, new Secret(_db.Password), CancellationToken.None));

        Assert.Equal("data-directory", failure.Field);
        Assert.Equal($"data-directory = '/var/lib/elsewhere' is not the server's data directory: the server says @@datadir = '{_db.DataDirectory}'", failure.Message);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_showing_it()
    {
        const string wrong = "not-the-password-4711";
        var failure = Assert.Single(await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(Instance(), new Secret(wrong), CancellationToken.None));

        Assert.Equal("password", failure.Field);
        Assert.StartsWith($"cannot log in to 127.0.0.1:{_db.Port} as '{_db.User}'", failure.Message);
        Assert.DoesNotContain(wrong, failure.Message);
    }

    [Fact]
    public async Task A_port_without_a_server_is_refused_as_the_host()
    {
        var failure = Assert.Single(await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(Instance() with { Port = FreePort.Next() }, new Secret(_db.Password), CancellationToken.None));

        Assert.Equal("host", failure.Field);
        Assert.StartsWith("cannot log in to 127.0.0.1:", failure.Message);
    }

    [Fact]
    public async Task A_systemd_service_that_does_not_exist_is_refused()
    {
        var failures = await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(
            Instance() with { ServiceKind = ServiceKind.Systemd, ServiceName = "no-such-akkabackup-test-unit" }, new Secret(_db.Password), CancellationToken.None);

        var failure = Assert.Single(failures);
        Assert.Equal("service.name", failure.Field);
        Assert.StartsWith("service.name = 'no-such-akkabackup-test-unit' is not visible to the service controller: ", failure.Message);
    }

    [Fact]
    public async Task A_snapshot_type_on_a_file_system_that_cannot_clone_is_refused_naming_it_and_hot_with_every_privilege_passes()
    {
        var fileSystem = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(" - ")).Where(p => p.Length == 2)
            .Select(p => (Mount: p[0].Split(' ')[4], Type: p[1].Split(' ')[0]))
            .Where(m => _db.DataDirectory.StartsWith(m.Mount.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.Mount.Length).Type;
        Assert.DoesNotContain(fileSystem, new[] { "xfs", "btrfs" });

        var failure = Assert.Single(await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(Instance() with { Type = BackupType.Snapshot }, new Secret(_db.Password), CancellationToken.None));

        Assert.Equal("type", failure.Field);
        Assert.StartsWith("type = snapshot is not possible for instance 'main': ", failure.Message);
        Assert.Contains(fileSystem, failure.Message);
        Assert.Empty(await new MySqlInstanceProbe(SnapshotTools.Default).ProbeAsync(Instance() with { Type = BackupType.Hot }, new Secret(_db.Password), CancellationToken.None));
    }
}
