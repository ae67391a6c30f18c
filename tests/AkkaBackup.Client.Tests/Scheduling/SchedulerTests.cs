using Akka.Actor;
using Akka.TestKit;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Client.Tests.Support;
using AkkaBackup.Core.Scheduling;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Client.Tests.Scheduling;

/// <summary>The scheduler against a real store, with a probe in place of the RunManager.</summary>
public sealed class SchedulerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    private TempNodeStore _temp = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempNodeStore.OpenAsync();
        await _temp.AddInstancesAsync("main", "other");
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _temp.DisposeAsync();
    }

    /// <summary>A six-field cron that fires once, a few seconds from now (UTC).</summary>
    private static string OnceIn(TimeSpan delay)
    {
        var t = DateTimeOffset.UtcNow + delay;
        return $"{t.Second} {t.Minute} {t.Hour} {t.Day} {t.Month} *";
    }

    /// <summary>A RunManager stand-in: lists <paramref name="running"/> as busy, starts every run asked for, and forwards each StartRun to the returned probe.</summary>
    private (IActorRef Runs, TestProbe Starts) RunManager(params string[] running)
    {
        var runs = CreateTestProbe();
        var starts = CreateTestProbe();
        var list = new RunList(running.Select(i => new RunEntry("r-" + i, i, "manual", DateTimeOffset.UtcNow)).ToList(), []);
        runs.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            switch (message)
            {
                case ListRuns:
                    sender.Tell(list);
                    break;
                case StartRun start:
                    sender.Tell(new RunStarted("run-" + Guid.NewGuid().ToString("N")[..6], start.InstanceName!));
                    starts.Ref.Tell(start);
                    break;
            }

            return AutoPilot.KeepRunning;
        }));
        return (runs.Ref, starts);
    }

    private async Task SaveAsync(string name, string instance, string cron, MisfirePolicy misfire = MisfirePolicy.RunOnce) =>
        await _temp.Store.Schedules.SaveAsync(new BackupSchedule(name, instance, cron, "UTC", misfire, Enabled: true));

    [Fact]
    public async Task A_schedule_a_few_seconds_ahead_fires_exactly_once()
    {
        await _temp.Store.Settings.SetAsync("auto-start", "true");
        await SaveAsync("soon", "main", OnceIn(TimeSpan.FromSeconds(3)));
        var (runs, starts) = RunManager();

        Sys.ActorOf(Scheduler.Props(_temp.Store, runs, "client-1"));

        var start = await starts.ExpectMsgAsync<StartRun>(TimeSpan.FromSeconds(20));
        Assert.Equal(("main", "schedule 'soon'"), (start.InstanceName, start.Trigger));
        await starts.ExpectNoMsgAsync(Quiet);
        Assert.NotNull((await _temp.Store.Schedules.GetAsync("soon"))!.LastFired);
    }

    [Fact]
    public async Task Two_schedules_of_one_instance_firing_together_start_one_run()
    {
        await _temp.Store.Settings.SetAsync("auto-start", "true");
        var cron = OnceIn(TimeSpan.FromSeconds(3));
        await SaveAsync("a", "main", cron);
        await SaveAsync("b", "main", cron);
        var (runs, starts) = RunManager();

        Sys.ActorOf(Scheduler.Props(_temp.Store, runs, "client-1"));

        var start = await starts.ExpectMsgAsync<StartRun>(TimeSpan.FromSeconds(20));
        Assert.Equal("schedule 'a', 'b'", start.Trigger);
        await starts.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task An_instance_with_a_run_in_progress_gets_no_second_run()
    {
        await _temp.Store.Settings.SetAsync("auto-start", "true");
        var cron = OnceIn(TimeSpan.FromSeconds(3));
        await SaveAsync("busy", "main", cron);
        await SaveAsync("free", "other", cron);
        var (runs, starts) = RunManager(running: "main");

        Sys.ActorOf(Scheduler.Props(_temp.Store, runs, "client-1"));

        Assert.Equal("other", (await starts.ExpectMsgAsync<StartRun>(TimeSpan.FromSeconds(20))).InstanceName);
        await starts.ExpectNoMsgAsync(Quiet);
        Assert.Null((await _temp.Store.Schedules.GetAsync("busy"))!.LastFired);
    }

    [Fact]
    public async Task With_auto_start_off_nothing_fires_until_the_schedules_are_resumed()
    {
        await SaveAsync("soon", "main", OnceIn(TimeSpan.FromSeconds(2)));
        var (runs, starts) = RunManager();
        var scheduler = Sys.ActorOf(Scheduler.Props(_temp.Store, runs, "client-1"));

        await starts.ExpectNoMsgAsync(TimeSpan.FromSeconds(4));
        Assert.False((await scheduler.Ask<SchedulerState>(ResumeSchedules.Instance, TimeSpan.FromSeconds(5))).Paused);

        Assert.Equal("main", (await starts.ExpectMsgAsync<StartRun>(TimeSpan.FromSeconds(20))).InstanceName);
        await starts.ExpectNoMsgAsync(Quiet);
    }

    [Theory]
    [InlineData(MisfirePolicy.RunOnce, true)]
    [InlineData(MisfirePolicy.Skip, false)]
    public async Task A_firing_missed_while_the_node_was_down_follows_the_misfire_policy(MisfirePolicy misfire, bool runs)
    {
        await _temp.Store.Settings.SetAsync("auto-start", "true");
        // 3 s, not 1: the store settles schedules up to the moment of saving, and a firing less than a
        // second ahead could be settled (never due) before the save returns on a loaded machine.
        await SaveAsync("missed", "main", OnceIn(TimeSpan.FromSeconds(3)), misfire);
        var (manager, starts) = RunManager();

        // The node comes up five minutes after the firing: far past the one-minute misfire threshold.
        Sys.ActorOf(Scheduler.Props(_temp.Store, manager, "client-1", new ShiftedTime(TimeSpan.FromMinutes(5))));

        if (runs)
        {
            Assert.Equal("main", (await starts.ExpectMsgAsync<StartRun>(TimeSpan.FromSeconds(20))).InstanceName);
        }

        await starts.ExpectNoMsgAsync(Quiet);

        // The settling is a store write behind the scheduler's tick: polled, not assumed done within Quiet.
        await AwaitAssertAsync(
            async () =>
            {
                var entry = (await _temp.Store.Schedules.GetAsync("missed"))!;
                Assert.Equal(runs, entry.LastFired is not null);
                Assert.True(entry.SettledUntil > DateTimeOffset.UtcNow, "the missed firing is settled either way");
            },
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(200));
    }

    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
