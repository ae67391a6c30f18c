using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;

namespace AkkaBackup.Store.Tests.Validation;

public sealed class ScheduleValidationTests
{
    private static readonly RuleCases<BackupSchedule> Cases = new()
    {
        { "bad name", s => s with { Name = "" }, "name", "name = '' is not a valid name" },
        { "cron with a bad field", s => s with { Cron = "61 * * * *" }, "cron", "cron = '61 * * * *' is not a cron expression" },
        { "cron with too few fields", s => s with { Cron = "* * *" }, "cron", "cron = '* * *' is not a cron expression" },
        { "empty cron", s => s with { Cron = "" }, "cron", "cron is empty" },
        { "unknown time zone", s => s with { TimeZone = "Europe/Atlantis" }, "time-zone", "time-zone = 'Europe/Atlantis' is not a time zone this machine knows" },
        { "unknown misfire policy", s => s with { Misfire = (MisfirePolicy)7 }, "misfire", "misfire = '7' is not one of run-once, skip" },
        { "unknown instance", s => s with { Instance = "db9" }, "instance", "instance = 'db9' is not a configured instance" },
    };

    public static TheoryData<string> CaseNames => Cases.Names;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_rule_refuses_its_bad_value_with_its_message_and_saves_nothing(string caseName)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var (breakIt, field, message) = Cases[caseName];
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("pw"));
        await store.Schedules.SaveAsync(Samples.Schedule());

        await Refusals.AssertRefusedAsync(() => store.Schedules.SaveAsync(breakIt(Samples.Schedule())), field, message);

        Assert.Equal(1, await temp.CountAsync("schedules"));
        Assert.Equal(Samples.Schedule(), (await store.Schedules.GetAsync("nightly"))!.Schedule);
    }

    [Theory]
    [InlineData("*/10 * * * * *")]
    [InlineData("0 30 2 * * MON-FRI")]
    [InlineData("@daily")]
    public async Task Cron_with_seconds_and_macros_is_accepted(string cron)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("pw"));

        await store.Schedules.SaveAsync(Samples.Schedule() with { Cron = cron });

        Assert.Equal(cron, (await store.Schedules.GetAsync("nightly"))!.Schedule.Cron);
    }
}
