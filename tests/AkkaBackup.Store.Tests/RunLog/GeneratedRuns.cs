using AkkaBackup.Store.RunLog;

namespace AkkaBackup.Store.Tests.RunLog;

/// <summary>
/// A month of runs with known numbers. db1: run i (1..20) starts on November i at 02:00 UTC, lasts i minutes,
/// keeps the server down i × 30 s and stores i × 1000 bytes; every fifth run fails. db2: three runs from
/// November 21, the first cancelled. One db1 run is still running and counts nowhere.
/// </summary>
public static class GeneratedRuns
{
    public static readonly DateTimeOffset November1 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    public static IEnumerable<RunRecord> All()
    {
        for (var i = 1; i <= 20; i++)
        {
            var failed = i % 5 == 0;
            yield return Run($"db1-{i:00}", "db1", November1.AddDays(i - 1), TimeSpan.FromMinutes(i), failed ? RunStatus.Failed : RunStatus.Succeeded) with
            {
                Downtime = TimeSpan.FromSeconds(30 * i),
                ArchiveBytes = failed ? null : i * 1000L,
                Error = failed ? ErrorOf(i) : null,
            };
        }

        yield return Run("db2-1", "db2", November1.AddDays(20), TimeSpan.FromMinutes(3), RunStatus.Cancelled);
        yield return Run("db2-2", "db2", November1.AddDays(21), TimeSpan.FromMinutes(4), RunStatus.Succeeded) with { ArchiveBytes = 500 };
        yield return Run("db2-3", "db2", November1.AddDays(22), TimeSpan.FromMinutes(5), RunStatus.Succeeded) with { ArchiveBytes = 700 };
        yield return Run("db1-running", "db1", November1, TimeSpan.Zero, RunStatus.Running) with { EndedAt = null };
    }

    public static RunRecord Run(string id, string instance, DateTimeOffset start, TimeSpan duration, RunStatus status) => new(
        id,
        instance,
        start,
        start + duration,
        status,
        [new PhaseDuration("StoppingServer", TimeSpan.FromSeconds(5)), new PhaseDuration("Archiving", duration / 2)],
        Downtime: null,
        DataBytes: 10_000,
        ArchiveBytes: null,
        Sha256: status == RunStatus.Succeeded ? new string('a', 64) : null,
        StoredName: status == RunStatus.Succeeded ? $"{id}.zip" : null,
        Error: null);

    private static RunError ErrorOf(int i) => i switch
    {
        5 => new RunError("receiver unreachable: connection refused", null, new SystemState("Transferring", 5_000_000, 1_000_000, true)),
        10 => new RunError("staging disk is 100% full", "at AkkaBackup.Client.Archiving.Compressor.Write()", new SystemState("Archiving", 0, 2_000_000, false)),
        15 => new RunError("server did not stop in time", null, new SystemState("StoppingServer", null, null, null)),
        _ => new RunError("server did not start: exit code 1", null, new SystemState("StartingServer", 1, 1, false)),
    };
}
