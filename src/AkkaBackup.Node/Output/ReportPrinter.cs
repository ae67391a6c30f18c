using System.Text.Json;
using AkkaBackup.Client.Runs;

namespace AkkaBackup.Node.Output;

public static class ReportPrinter
{
    public static void Human(RunReport r, TextWriter output)
    {
        if (r.Succeeded)
        {
            output.WriteLine($"Backup {r.RunId} of '{r.Instance}' stored and verified: {r.StoredPath}");
        }
        else
        {
            output.WriteLine($"Backup {r.RunId} of '{r.Instance}' FAILED in {r.FailedPhase}: {r.Error}");
        }

        output.WriteLine($"  data {ProgressPrinter.Size(r.DataBytes)}, archive {ProgressPrinter.Size(r.ArchiveBytes)}, SHA-256 {r.Sha256 ?? "-"}");
        output.WriteLine($"  server downtime {(r.Downtime is { } d ? $"{d.TotalSeconds:0.000} s" : "none (not stopped)")}, total {r.Duration.TotalSeconds:0.0} s");
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

    public static string Json(RunReport r, long peakWorkingSetBytes)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("runId", r.RunId);
            json.WriteString("instance", r.Instance);
            json.WriteBoolean("succeeded", r.Succeeded);
            json.WriteNumber("exitCode", r.ExitCode);
            json.WriteBoolean("cancelled", r.Cancelled);
            json.WriteString("failedPhase", r.Succeeded ? null : r.FailedPhase.ToString());
            json.WriteString("error", r.Error);
            json.WriteString("storedName", r.StoredName);
            json.WriteString("storedPath", r.StoredPath);
            json.WriteString("sha256", r.Sha256);
            json.WriteNumber("archiveBytes", r.ArchiveBytes);
            json.WriteNumber("dataBytes", r.DataBytes);
            if (r.Downtime is { } downtime)
            {
                json.WriteNumber("downtimeSeconds", Math.Round(downtime.TotalSeconds, 3));
            }
            else
            {
                json.WriteNull("downtimeSeconds");
            }

            json.WriteNumber("durationSeconds", Math.Round(r.Duration.TotalSeconds, 3));
            json.WriteStartObject("phaseMilliseconds");
            foreach (var timing in r.Timings)
            {
                json.WriteNumber(timing.Phase, timing.Milliseconds);
            }

            json.WriteEndObject();
            json.WriteBoolean("serverAnswering", r.ServerAnswering);
            json.WriteString("manualRecovery", r.ManualRecovery);
            json.WriteString("keptArchive", r.KeptArchive);
            json.WriteNumber("chunksResent", r.ChunksResent);
            json.WriteNumber("peakWorkingSetBytes", peakWorkingSetBytes);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
