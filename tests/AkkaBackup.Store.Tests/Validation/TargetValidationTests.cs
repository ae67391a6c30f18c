using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Tests.Support;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Tests.Validation;

public sealed class TargetValidationTests
{
    private static readonly RuleCases<BackupTarget> Cases = new()
    {
        { "bad name", t => t with { Name = "back up" }, "name", "name = 'back up' is not a valid name" },
        { "empty host", t => t with { Host = "" }, "host", "host is empty" },
        { "port too high", t => t with { Port = 65536 }, "port", "port = 65536 is not a TCP port (1-65535)" },
        { "bad system name", t => t with { SystemName = "akka backup" }, "system-name", "system-name = 'akka backup' is not an actor system name" },
        { "bad expected name", t => t with { ExpectedName = "" }, "expected-name", "expected-name = '' is not a valid name" },
        { "remote folder climbing out", t => t with { RemoteFolder = "shop/../../etc" }, "remote-folder", "remote-folder = 'shop/../../etc' must be a relative folder" },
        { "absolute remote folder", t => t with { RemoteFolder = "/srv/backups" }, "remote-folder", "remote-folder = '/srv/backups' must be a relative folder" },
        { "unknown naming token", t => t with { NamingPattern = "{server}_{colour}.zip" }, "naming-pattern", "naming-pattern = '{server}_{colour}.zip' uses unknown token {colour}" },
        { "naming pattern with a path", t => t with { NamingPattern = "../{server}.zip" }, "naming-pattern", "must be a file name" },
        { "bad date format", t => t with { DateFormat = "%" }, "date-format", "date-format = '%' is not a .NET date format" },
        { "unknown time zone", t => t with { TimeZone = "Mars/Olympus_Mons" }, "time-zone", "time-zone = 'Mars/Olympus_Mons' is not a time zone this machine knows" },
        { "zero request timeout", t => t with { RequestTimeout = TimeSpan.Zero }, "request-timeout", "request-timeout = 00:00:00 must be more than zero" },
        { "zero verify timeout", t => t with { VerifyTimeout = TimeSpan.Zero }, "verify-timeout", "verify-timeout = 00:00:00 must be more than zero" },
    };

    public static TheoryData<string> CaseNames => Cases.Names;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_rule_refuses_its_bad_value_with_its_message_and_saves_nothing(string caseName)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var (breakIt, field, message) = Cases[caseName];
        await store.Targets.SaveAsync(Samples.Target());
        var probesBefore = temp.Probe.Calls;

        await Refusals.AssertRefusedAsync(() => store.Targets.SaveAsync(breakIt(Samples.Target())), field, message);

        Assert.Equal(1, await temp.CountAsync("targets"));
        Assert.Equal(Samples.Target(), await store.Targets.GetAsync(Samples.Target().Name));
        Assert.Equal(probesBefore, temp.Probe.Calls);
    }

    [Fact]
    public async Task A_receiver_that_refuses_this_client_saves_nothing()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        temp.Probe.Failures.Add(new ValidationFailure("expected-name", "the receiver at backup01.example.org:4053 presented CN 'other', not 'backup01'"));

        await Refusals.AssertRefusedAsync(() => store.Targets.SaveAsync(Samples.Target()), "expected-name", "presented CN 'other'");

        Assert.Equal(0, await temp.CountAsync("targets"));
    }

    [Fact]
    public async Task A_valid_target_round_trips_and_can_be_removed()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var target = Samples.Target() with { RemoteFolder = "shop/eu-1", NamingPattern = "{instance}_{timestamp:yyyyMMdd}.zip", TimeZone = "Europe/Berlin" };

        await store.Targets.SaveAsync(target);

        Assert.Equal([target], await store.Targets.ListAsync());
        Assert.True(await store.Targets.RemoveAsync(target.Name));
        Assert.Equal(0, await temp.CountAsync("targets"));
    }
}
