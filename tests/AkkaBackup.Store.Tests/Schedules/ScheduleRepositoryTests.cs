using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;

namespace AkkaBackup.Store.Tests.Schedules;

public sealed class ScheduleRepositoryTests
{
    private static async Task<(TempStore Temp, NodeStore Store)> WithInstanceAsync()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("pw"));
        return (temp, store);
    }

    [Fact]
    public async Task A_new_schedule_is_settled_until_it_was_saved()
    {
        var (temp, store) = await WithInstanceAsync();
        await using var _ = temp;

        await store.Schedules.SaveAsync(Samples.Schedule());

        Assert.Equal(new ScheduleEntry(Samples.Schedule(), null, temp.Time.Now), await store.Schedules.GetAsync("nightly"));
    }

    [Fact]
    public async Task Firing_and_skipping_move_the_settled_time_and_only_firing_sets_last_fired()
    {
        var (temp, store) = await WithInstanceAsync();
        await using var _ = temp;
        await store.Schedules.SaveAsync(Samples.Schedule());
        var fired = temp.Time.Now.AddHours(14);
        var skipped = fired.AddDays(3);

        await store.Schedules.RecordFiredAsync("nightly", fired);
        Assert.Equal((fired, fired), await StateAsync(store));

        await store.Schedules.RecordSkippedAsync("nightly", skipped);
        Assert.Equal((fired, skipped), await StateAsync(store));

        // An older time never moves the settled time back.
        await store.Schedules.RecordSkippedAsync("nightly", fired);
        Assert.Equal((fired, skipped), await StateAsync(store));
    }

    [Fact]
    public async Task Editing_a_schedule_keeps_its_last_firing_and_settles_its_past()
    {
        var (temp, store) = await WithInstanceAsync();
        await using var _ = temp;
        await store.Schedules.SaveAsync(Samples.Schedule());
        var fired = temp.Time.Now.AddHours(1);
        await store.Schedules.RecordFiredAsync("nightly", fired);
        temp.Time.Now = temp.Time.Now.AddDays(2);

        await store.Schedules.SaveAsync(Samples.Schedule() with { Cron = "0 3 * * *", Misfire = MisfirePolicy.Skip });

        var entry = (await store.Schedules.GetAsync("nightly"))!;
        Assert.Equal("0 3 * * *", entry.Schedule.Cron);
        Assert.Equal(MisfirePolicy.Skip, entry.Schedule.Misfire);
        Assert.Equal((fired, temp.Time.Now), (entry.LastFired!.Value, entry.SettledUntil));
    }

    private static async Task<(DateTimeOffset LastFired, DateTimeOffset Settled)> StateAsync(NodeStore store)
    {
        var entry = (await store.Schedules.GetAsync("nightly"))!;
        return (entry.LastFired!.Value, entry.SettledUntil);
    }
}
