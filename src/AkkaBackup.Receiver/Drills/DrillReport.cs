using System.Globalization;
using System.Text;
using System.Text.Json;
using AkkaBackup.Core.Layout;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// <c>&lt;archive&gt;.drill.json</c>: the last drill of a stored archive, beside its manifest (which stays as the
/// receiver filed it). The same JSON is <c>akkabackup drill --json</c>'s output. Keys in camelCase, words in
/// kebab-case (<c>"status": "passed"</c>, <c>"failedStage": "check-tables"</c>), like every <c>--json</c> output.
/// </summary>
public static class DrillReport
{
    public const int Version = 1;

    public static string PathOf(string archivePath) => StoreFiles.DrillReportOf(archivePath);

    public static string ToJson(DrillOutcome o)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("reportVersion", Version);
            json.WriteString("archive", o.ArchivePath);
            json.WriteString("client", o.Client);
            json.WriteString("instance", o.Instance);
            json.WriteString("backupType", o.BackupType);
            json.WriteString("archiveSha256", o.ArchiveSha256);
            json.WriteString("status", Word(o.Status.ToString()));
            json.WriteString("failedStage", o.FailedStage is { } stage ? Word(stage.ToString()) : null);
            json.WriteString("error", o.Error);
            json.WriteString("startedAt", o.StartedAt);
            json.WriteNumber("durationSeconds", Math.Round(o.Duration.TotalSeconds, 3));
            json.WriteStartObject("phaseMilliseconds");
            foreach (var phase in o.Phases)
            {
                json.WriteNumber(Word(phase.Stage.ToString()), (long)phase.Duration.TotalMilliseconds);
            }

            json.WriteEndObject();
            json.WriteString("serverVersion", o.ServerVersion);
            json.WriteNumber("restoredBytes", o.RestoredBytes);
            json.WriteNumber("tablesChecked", o.Tables.Count);
            json.WriteNumber("tablesFailed", o.Tables.Count(t => !t.Passed));
            json.WriteStartArray("tables");
            foreach (var t in o.Tables)
            {
                json.WriteStartObject();
                json.WriteString("table", t.Table);
                json.WriteString("engine", t.Engine);
                json.WriteBoolean("systemTable", t.SystemTable);
                json.WriteBoolean("passed", t.Passed);
                json.WriteString("check", t.Check);
                if (t.Checksum is { } checksum)
                {
                    json.WriteNumber("checksum", checksum);
                }
                else
                {
                    json.WriteNull("checksum");
                }

                json.WriteString("checksumError", t.ChecksumError);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Writes the report beside the archive: to a temporary name, flushed, then renamed over the last one, so a
    /// reader never sees half a report. Not written when the archive is gone (retention deleted it meanwhile).
    /// </summary>
    /// <returns>The report's path; null when the archive is gone.</returns>
    public static string? Write(DrillOutcome outcome)
    {
        if (!File.Exists(outcome.ArchivePath))
        {
            return null;
        }

        var path = PathOf(outcome.ArchivePath);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(ToJson(outcome)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>PascalCase to the kebab-case word the outputs use: <c>CheckTables</c> is <c>check-tables</c>.</summary>
    private static string Word(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLower(c, CultureInfo.InvariantCulture) : c.ToString()));
}
