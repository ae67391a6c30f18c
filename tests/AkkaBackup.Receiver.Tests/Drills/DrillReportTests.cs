using System.Text.Json;
using AkkaBackup.Receiver.Drills;

namespace AkkaBackup.Receiver.Tests.Drills;

public sealed class DrillReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("akkabackup-drill-report").FullName;

    [Fact]
    public void The_report_names_status_stage_and_phases_in_the_words_of_every_json_output_with_each_table()
    {
        var outcome = Outcome(Path.Combine(_directory, "a.zip"), DrillStatus.Failed, DrillStage.CheckTables) with
        {
            Tables =
            [
                new TableCheck("shop", "orders", "InnoDB", false, false, "Corrupt", null, "CHECKSUM TABLE gave no checksum"),
                new TableCheck("shop", "customers", "InnoDB", false, true, "OK", 1234567, null),
                new TableCheck("mysql", "db", "Aria", true, true, "OK", null, null),
            ],
        };

        var report = JsonDocument.Parse(DrillReport.ToJson(outcome)).RootElement;

        Assert.Equal(("failed", "check-tables", "client-1", "main", "cold"),
            (report.GetProperty("status").GetString(), report.GetProperty("failedStage").GetString(), report.GetProperty("client").GetString(),
             report.GetProperty("instance").GetString(), report.GetProperty("backupType").GetString()));
        Assert.Equal(1500, report.GetProperty("phaseMilliseconds").GetProperty("start-server").GetInt64());
        Assert.Equal((3, 1), (report.GetProperty("tablesChecked").GetInt32(), report.GetProperty("tablesFailed").GetInt32()));
        var tables = report.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(("shop.orders", false, JsonValueKind.Null), (tables[0].GetProperty("table").GetString(), tables[0].GetProperty("passed").GetBoolean(), tables[0].GetProperty("checksum").ValueKind));
        Assert.Equal(1234567, tables[1].GetProperty("checksum").GetInt64());
        Assert.True(tables[2].GetProperty("systemTable").GetBoolean() && tables[2].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void A_report_replaces_the_last_one_beside_its_archive_and_is_not_written_once_the_archive_is_gone()
    {
        var archive = Path.Combine(_directory, "b.zip");
        File.WriteAllText(archive, "archive");
        File.WriteAllText(archive + ".drill.json", "an older report");

        var path = DrillReport.Write(Outcome(archive, DrillStatus.Passed, null));

        Assert.Equal(archive + ".drill.json", path);
        Assert.Equal("passed", JsonDocument.Parse(File.ReadAllText(path!)).RootElement.GetProperty("status").GetString());
        Assert.Equal([archive, archive + ".drill.json"], Directory.GetFiles(_directory).Order(StringComparer.Ordinal));

        File.Delete(archive);
        File.Delete(archive + ".drill.json");
        Assert.Null(DrillReport.Write(Outcome(archive, DrillStatus.Passed, null)));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DrillOutcome Outcome(string archive, DrillStatus status, DrillStage? failedAt) => new(
        archive, "client-1", "main", "cold", new string('a', 64), status, failedAt, failedAt is null ? null : "why", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(9),
        [new DrillPhase(DrillStage.Preflight, TimeSpan.FromMilliseconds(20)), new DrillPhase(DrillStage.StartServer, TimeSpan.FromMilliseconds(1500))],
        "10.11.19-MariaDB", 4096, []);
}
