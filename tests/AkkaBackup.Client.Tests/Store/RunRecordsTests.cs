using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Store;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Client.Tests.Store;

public sealed class RunRecordsTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SystemState State = new("", 1_000, 2_000, null);

    private static RunReport Report(bool succeeded = true, bool cancelled = false, bool answering = true) => new(
        "20261125115900-abcdef01", "main", succeeded, succeeded ? RunPhase.Done : RunPhase.Archiving,
        succeeded ? null : "compression failed: disk full", succeeded ? "db1_main.zip" : null, null, succeeded ? new string('a', 64) : null,
        succeeded ? 400 : 0, 1_000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60),
        [new PhaseTiming("Preflight", 500), new PhaseTiming("Archiving", 1_500)], answering, null, null, 0, cancelled,
        succeeded ? null : "System.IO.IOException: disk full\n   at Compressor");

    [Fact]
    public void A_successful_run_keeps_its_sizes_checksum_name_and_phase_times()
    {
        var record = RunRecords.Ended(Report(), End.AddMinutes(-2), End, State);

        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(End.AddMinutes(-2), record.StartedAt);
        Assert.Equal(End, record.EndedAt);
        Assert.Equal([new PhaseDuration("Preflight", TimeSpan.FromMilliseconds(500)), new PhaseDuration("Archiving", TimeSpan.FromMilliseconds(1_500))], record.Phases);
        Assert.Equal(TimeSpan.FromSeconds(2), record.Downtime);
        Assert.Equal((1_000L, 400L), (record.DataBytes, record.ArchiveBytes));
        Assert.Equal(("db1_main.zip", new string('a', 64)), (record.StoredName, record.Sha256));
        Assert.Null(record.Error);
    }

    [Fact]
    public void A_failed_run_keeps_its_error_stack_trace_and_the_machine_state()
    {
        var record = RunRecords.Ended(Report(succeeded: false, answering: false), null, End, State);

        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Equal(End.AddSeconds(-60), record.StartedAt);
        Assert.Null(record.ArchiveBytes);
        var error = Assert.IsType<RunError>(record.Error);
        Assert.Equal("compression failed: disk full", error.Message);
        Assert.Contains("at Compressor", error.StackTrace);
        Assert.Equal(new SystemState("Archiving", 1_000, 2_000, null), error.State);
    }

    [Fact]
    public void A_cancelled_run_is_logged_as_cancelled()
    {
        Assert.Equal(RunStatus.Cancelled, RunRecords.Ended(Report(succeeded: false, cancelled: true), null, End, State).Status);
    }
}
