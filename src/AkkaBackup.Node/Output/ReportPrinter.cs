using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Node.Output;

public static class ReportPrinter
{
    public static void Human(RunReport r, TextWriter output)
    {
        if (r.Succeeded)
        {
            output.WriteLine($"Backup {r.RunId} of '{r.Instance}' ({r.Type.Name()}) stored and verified: {r.StoredPath}");
        }
        else
        {
            output.WriteLine($"Backup {r.RunId} of '{r.Instance}' ({r.Type.Name()}) FAILED in {r.FailedPhase}: {r.Error}");
        }

        output.WriteLine($"  data {ProgressPrinter.Size(r.DataBytes)}, archive {ProgressPrinter.Size(r.ArchiveBytes)}, SHA-256 {r.Sha256 ?? "-"}");
        output.WriteLine($"  server downtime {(r.Downtime is { } d && d > TimeSpan.Zero ? $"{d.TotalSeconds:0.000} s" : "none (not stopped)")}, total {r.Duration.TotalSeconds:0.0} s");
        if (r.ToLsn is not null)
        {
            output.WriteLine($"  hot copy: redo log from LSN {r.FromLsn ?? "?"} to {r.ToLsn}");
        }

        output.WriteLine($"  phases: {string.Join(", ", r.Timings.Where(t => t.Milliseconds > 0).Select(t => $"{t.Phase} {t.Milliseconds} ms"))}");
        if (r.KeptArchive is not null)
        {
            output.WriteLine($"  the archive is kept for a retry: {r.KeptArchive}");
            output.WriteLine($"  retry: akkabackup pending retry {r.RunId} --config <this config>   (or discard it: akkabackup pending discard {r.RunId})");
        }

        if (r.ChunksResent > 0)
        {
            output.WriteLine($"  {r.ChunksResent} chunk(s) were sent again after interruptions or rejections");
        }

        output.WriteLine(r.ServerAnswering ? "  the database server answers SELECT 1" : "  THE DATABASE SERVER IS DOWN");
        if (r.ManualRecovery is not null)
        {
            output.WriteLine(r.ManualRecovery);
        }
    }

    /// <summary>The report as <c>--json</c> prints it.</summary>
    public static RunReportJson ToJson(RunReport r, long peakWorkingSetBytes)
    {
        var phases = new Dictionary<string, long>();
        foreach (var timing in r.Timings)
        {
            phases[timing.Phase] = timing.Milliseconds;
        }

        return new RunReportJson(
            r.RunId,
            r.Instance,
            r.Type.Name(),
            r.Succeeded,
            r.ExitCode,
            r.Cancelled,
            r.Succeeded ? null : r.FailedPhase.ToString(),
            r.Error,
            r.StoredName,
            r.StoredPath,
            r.Sha256,
            r.ArchiveBytes,
            r.DataBytes,
            r.Downtime is { } downtime ? Math.Round(downtime.TotalSeconds, 3) : null,
            Math.Round(r.Duration.TotalSeconds, 3),
            phases,
            r.ServerAnswering,
            r.ManualRecovery,
            r.KeptArchive,
            r.ChunksResent,
            peakWorkingSetBytes,
            r.Estimate is { } e ? new ArchiveEstimateJson(e.Bytes, e.DataBytes, e.HoleBytes, e.SampledBytes, Math.Round(e.SampledRatio, 4), e.MarginPercent) : null,
            r.FromLsn,
            r.ToLsn);
    }
}
