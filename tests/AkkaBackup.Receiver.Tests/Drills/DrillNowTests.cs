using Akka.TestKit.Xunit2;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Drills;

namespace AkkaBackup.Receiver.Tests.Drills;

/// <summary><c>/user/drills</c> without a schedule still answers an operator's <see cref="DrillNow"/>; with nothing to drill it says so.</summary>
public sealed class DrillNowTests : TestKit, IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("akkabackup-drill-now-").FullName;

    public DrillNowTests() : base("akka.test.timefactor = 5")
    {
    }

    [Fact]
    public void Without_a_schedule_a_drill_asked_for_an_instance_with_no_verified_backup_is_not_queued_and_says_why()
    {
        var pattern = NamingPattern.Parse(NamingPattern.Default, "naming-pattern");
        var receiver = new ReceiverSettings(
            "receiver", _store, "127.0.0.1", 4054, new HashSet<string> { "client-1" }, pattern, 0, 64 << 20, 0, Path.Combine(_store, "journal.db"), TimeSpan.FromDays(7),
            new ResumeVerification(true, 64, 8), 1000, ReceiverLimits.Default, StoreLayout.Parse(StoreLayout.Default, "layout", pattern.TimeZone), 10, DataPlaneLimits.Default);
        var drills = Sys.ActorOf(DrillScheduler.Props(receiver, new DrillSettings(null, "", Path.Combine(_store, ".drills"), 1 << 20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5))));
        Directory.CreateDirectory(Path.Combine(_store, "client-2", "main"));
        File.WriteAllBytes(Path.Combine(_store, "client-2", "main", "db1_main_cold_20261205_020000.zip"), [1, 2, 3]);

        drills.Tell(new DrillNow(new InstanceKey("client-1", "main"), "bob on the dashboard"), TestActor);

        Assert.Equal(new DrillNotQueued("the store holds no verified backup of client-1/main"), ExpectMsg<DrillNotQueued>());
    }

    void IDisposable.Dispose()
    {
        Directory.Delete(_store, recursive: true);
        Dispose();
    }
}
