using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Tests.Validation;

public sealed class InstanceValidationTests
{
    private static readonly RuleCases<MySqlInstance> Cases = new()
    {
        { "empty name", i => i with { Name = "" }, "name", "name = '' is not a valid name" },
        { "name with a slash", i => i with { Name = "../db" }, "name", "name = '../db' is not a valid name" },
        { "bad server label", i => i with { Server = "my server" }, "server", "server = 'my server' is not a valid name" },
        { "empty host", i => i with { Host = " " }, "host", "host is empty" },
        { "port zero", i => i with { Port = 0 }, "port", "port = 0 is not a TCP port (1-65535)" },
        { "port too high", i => i with { Port = 70000 }, "port", "port = 70000 is not a TCP port (1-65535)" },
        { "empty user", i => i with { User = "" }, "user", "user is empty" },
        { "unknown service kind", i => i with { ServiceKind = (ServiceKind)42 }, "service.kind", "service.kind = '42' is not one of systemd, windows, command" },
        { "systemd without a unit", i => i with { ServiceName = "" }, "service.name", "service.name is empty: service.kind = systemd needs the service's name" },
        { "command without stop", i => i with { ServiceKind = ServiceKind.Command, StartCommand = "start-db" }, "service.stop-command", "service.stop-command is empty" },
        { "command without start", i => i with { ServiceKind = ServiceKind.Command, StopCommand = "stop-db" }, "service.start-command", "service.start-command is empty" },
        { "relative data directory", i => i with { DataDirectory = "var/lib/mysql" }, "data-directory", "data-directory = 'var/lib/mysql' must be an absolute path" },
        { "zero stop timeout", i => i with { StopTimeout = TimeSpan.Zero }, "stop-timeout", "stop-timeout = 00:00:00 must be more than zero" },
        { "huge start timeout", i => i with { StartTimeout = TimeSpan.FromDays(2) }, "start-timeout", "start-timeout = 2.00:00:00 must be more than zero and at most 1.00:00:00" },
        { "negative probe timeout", i => i with { ProbeTimeout = TimeSpan.FromSeconds(-1) }, "probe-timeout", "probe-timeout = -00:00:01 must be more than zero" },
        { "unknown backup type", i => i with { Type = (AkkaBackup.Core.Naming.BackupType)7 }, "type", "type = '7' is not one of" },
        { "relative clone directory", i => i with { CloneDirectory = "clones" }, "clone-directory", "clone-directory = 'clones' must be an absolute path" },
    };

    [Theory]
    [InlineData(AkkaBackup.Core.Naming.BackupType.Snapshot, "/srv/xfs")]
    [InlineData(AkkaBackup.Core.Naming.BackupType.Hot, "")]
    public async Task The_backup_type_and_clone_directory_are_stored_and_read_back(AkkaBackup.Core.Naming.BackupType type, string cloneDirectory)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var instance = Samples.Instance() with { Type = type, CloneDirectory = cloneDirectory };

        await store.Instances.SaveAsync(instance, new Secret("pw"));

        Assert.Equal(instance, await store.Instances.GetAsync("db1"));
        Assert.Equal(AkkaBackup.Core.Naming.BackupType.Cold, Samples.Instance().Type);
    }

    public static TheoryData<string> CaseNames => Cases.Names;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_rule_refuses_its_bad_value_with_its_message_and_saves_nothing(string caseName)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var (breakIt, field, message) = Cases[caseName];
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("pw"));
        var probesBefore = temp.Probe.Calls;
        var bad = breakIt(Samples.Instance());

        var error = await Refusals.AssertRefusedAsync(() => store.Instances.SaveAsync(bad, new Secret("new-pw")), field, message);

        Assert.StartsWith($"instance '{bad.Name}' was not saved: ", error.Message);
        Assert.Equal(1, await temp.CountAsync("instances"));
        Assert.Equal(Samples.Instance(), await store.Instances.GetAsync("db1"));
        Assert.Equal("pw", (await store.Instances.ReadPasswordAsync("db1"))!.Reveal());
        Assert.Equal(probesBefore, temp.Probe.Calls);
    }

    [Fact]
    public async Task Several_bad_values_are_all_reported_at_once()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            store.Instances.SaveAsync(Samples.Instance() with { Port = -1, User = "", DataDirectory = "data" }, new Secret("pw")));

        Assert.Equal(["port", "user", "data-directory"], error.Failures.Select(f => f.Field));
    }

    [Fact]
    public async Task A_failed_probe_saves_nothing_and_says_what_the_server_answered()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        temp.Probe.Failures.Add(new ValidationFailure("data-directory", "data-directory = '/var/lib/mysql' but the server's @@datadir is '/srv/mysql/'"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Instances.SaveAsync(Samples.Instance(), new Secret("pw")));

        Assert.Contains("@@datadir is '/srv/mysql/'", error.Message);
        Assert.Equal(1, temp.Probe.Calls);
        Assert.Equal(0, await temp.CountAsync("instances"));
    }

    [Fact]
    public async Task The_probe_gets_the_stored_password_when_a_change_keeps_it()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("stored-pw"));

        await store.Instances.SaveAsync(Samples.Instance() with { Port = 3307 }, password: null);

        Assert.Equal("stored-pw", temp.Probe.LastPassword);
        Assert.Equal(3307, (await store.Instances.GetAsync("db1"))!.Port);
        Assert.Equal("stored-pw", (await store.Instances.ReadPasswordAsync("db1"))!.Reveal());
    }

    [Fact]
    public async Task A_new_instance_without_a_password_is_refused()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Instances.SaveAsync(Samples.Instance(), password: null));

        Assert.Equal("password", Assert.Single(error.Failures).Field);
        Assert.Equal(0, await temp.CountAsync("instances"));
    }

    [Fact]
    public async Task An_instance_with_schedules_is_not_removed()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("pw"));
        await store.Schedules.SaveAsync(Samples.Schedule());

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Instances.RemoveAsync("db1"));

        Assert.Equal("instance 'db1' was not removed: instance 'db1' is used by schedule(s) nightly: remove them first", error.Message);
        Assert.Equal(1, await temp.CountAsync("instances"));
        await store.Schedules.RemoveAsync("nightly");
        Assert.True(await store.Instances.RemoveAsync("db1"));
        Assert.False(await store.Instances.RemoveAsync("db1"));
    }
}
