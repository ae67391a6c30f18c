using System.Globalization;
using System.Text.Json;
using AkkaBackup.Store.Catalog;
using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// The receiver's fleet catalog and its dead man's switch on real processes: a receiver, a client node and the
/// <c>abk</c> console, the outcome read through the receiver's console (and its catalog file where the console has no say).
/// </summary>
public sealed class FleetCatalogTests
{
    [Fact]
    public async Task Filings_a_refused_stranger_and_a_retention_deletion_are_in_the_receivers_log_and_report_field_by_field()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: "akkabackup.retention.default.keep-last = 1");
        await BackUpAsync(console);
        var first = Manifest(Assert.Single(env.StoredArchives()));
        await BackUpAsync(console);
        var second = Manifest(Assert.Single(env.StoredArchives()));
        var stranger = env.WriteClientConfig(certificate: "certs/stranger.pfx", nodeName: "stranger",
            extra: $"akkabackup.client.staging-directory = \"{Path.Combine(env.Root, "staging-stranger")}\"");
        var (strangerCode, strangerRun) = await env.BackupAsync(stranger);
        Assert.True(strangerCode == 1, strangerRun.Output);

        var rows = await CatalogAsync(console, r => r.Count(e => Event(e) == "filed") == 2 && r.Any(e => Event(e) == "deleted") && r.Any(e => Event(e) == "refused"));

        var filed = rows.Where(e => Event(e) == "filed").OrderBy(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        foreach (var (row, manifest) in filed.Zip([first, second]))
        {
            Assert.Equal(("client-1", "main", "cold"), (Text(row, "client"), Text(row, "instance"), Text(row, "type")));
            Assert.Equal((Text(manifest, "storedName"), Text(manifest, "sha256"), Text(manifest, "transferId")), (Text(row, "storedName"), Text(row, "sha256"), Text(row, "transferId")));
            Assert.Equal(manifest.GetProperty("archiveBytes").GetInt64(), row.GetProperty("archiveBytes").GetInt64());
            Assert.Equal(manifest.GetProperty("dataBytes").GetInt64(), row.GetProperty("dataBytes").GetInt64());
            Assert.StartsWith(env.Store, Text(row, "storedPath"));
            Assert.InRange(row.GetProperty("durationSeconds").GetDouble(), 0.001, 300);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("rule").ValueKind);
        }

        var deleted = Assert.Single(rows, e => Event(e) == "deleted");
        Assert.Equal((Text(filed[0], "storedPath"), "outside-keep-rules", "client-1", "main"), (Text(deleted, "storedPath"), Text(deleted, "rule"), Text(deleted, "client"), Text(deleted, "instance")));
        Assert.False(File.Exists(Text(deleted, "storedPath")));
        var refused = Assert.Single(rows, e => Event(e) == "refused");
        Assert.Equal("127.0.0.1", Text(refused, "peer"));
        Assert.Contains("CN=stranger", Text(refused, "reason"));
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("client").ValueKind);

        var table = await OkAsync(console, "log", "list", "--event", "filed");
        Assert.Contains(Text(filed[1], "storedName"), table);
        Assert.DoesNotContain("refused", table);
        var found = JsonDocument.Parse(await OkAsync(console, "log", "search", "stranger", "--json")).RootElement;
        Assert.Equal(refused.GetProperty("id").GetInt64(), Assert.Single(found.EnumerateArray()).GetProperty("id").GetInt64());

        var report = JsonDocument.Parse(await OkAsync(console, "report", "summary", "--json")).RootElement;
        var main = Assert.Single(report.GetProperty("instances").EnumerateArray());
        var (firstBytes, secondBytes) = (filed[0].GetProperty("archiveBytes").GetInt64(), filed[1].GetProperty("archiveBytes").GetInt64());
        Assert.Equal(("client-1", "main", 2, 0, 1.0), (Text(main, "client"), Text(main, "instance"), main.GetProperty("filed").GetInt32(), main.GetProperty("notFiled").GetInt32(), main.GetProperty("successRate").GetDouble()));
        Assert.Equal(filed[1].GetProperty("at").GetDateTimeOffset(), main.GetProperty("lastSuccess").GetDateTimeOffset());
        Assert.InRange(main.GetProperty("lastSuccessAgeSeconds").GetDouble(), 0, 600);
        Assert.Equal(("cold", firstBytes + secondBytes, secondBytes, secondBytes - firstBytes),
            (Text(main, "lastType"), main.GetProperty("totalArchiveBytes").GetInt64(), main.GetProperty("lastArchiveBytes").GetInt64(), main.GetProperty("growthBytes").GetInt64()));
        Assert.Equal((172800.0, "until-learned", false), (main.GetProperty("expectedSeconds").GetDouble(), Text(main, "intervalSource"), main.GetProperty("overdue").GetBoolean()));

        // Until just after the first filing: one filed, and that one is the last success.
        var until = filed[0].GetProperty("at").GetDateTimeOffset().AddMilliseconds(1).ToString("O", CultureInfo.InvariantCulture);
        var early = Assert.Single(JsonDocument.Parse(await OkAsync(console, "report", "summary", "--since", "1d", "--until", until, "--json")).RootElement.GetProperty("instances").EnumerateArray());
        Assert.Equal((1, filed[0].GetProperty("at").GetDateTimeOffset()), (early.GetProperty("filed").GetInt32(), early.GetProperty("lastSuccess").GetDateTimeOffset()));
        Assert.StartsWith("client,instance,filed,not_filed,success_rate", await OkAsync(console, "report", "summary", "--csv"));
        Assert.Contains("--until", (await console.ReceiverAbkAsync("report", "summary", "--since", "1d", "--until", "2000-01-01")).Abk.Stderr);

        // The client's own report takes --until too.
        var clientReport = JsonDocument.Parse((await console.AbkAsync("report", "summary", "--since", "2000-01-01", "--until", "2000-01-02", "--json")).Abk.Stdout).RootElement;
        Assert.Empty(clientReport.GetProperty("instances").EnumerateArray());
        Assert.Equal(new DateTimeOffset(2000, 1, 2, 0, 0, 0, TimeSpan.Zero), clientReport.GetProperty("until").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_client_node_killed_after_its_backup_is_alerted_overdue_by_the_receiver_once_then_recovered_by_its_next_backup()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: $$"""
            akkabackup.receiver.overdue { check-interval = 1s, instances { "client-1/main" { after = 8s } } }
            akkabackup.alerts.channels = [{ type = webhook, url = "{{webhook.Url("/receiver")}}", min-severity = info }]
            """);
        await BackUpAsync(console);
        console.Node.Kill();

        var overdue = await NextAlertAsync(webhook, "BackupOverdue");

        Assert.Equal(("Warning", "receiver", "client-1/main"), (Text(overdue, "severity"), Text(overdue, "node"), Text(overdue, "instance")));
        Assert.Contains("catalog forget client-1 main", Text(overdue, "body"));
        var status = await OkAsync(console, "node", "status");
        Assert.Contains("OVERDUE: 1 of 1 watched instance(s):", status);
        Assert.Contains("client-1/main  last backup", status);
        var fleet = JsonDocument.Parse(await OkAsync(console, "node", "status", "--json")).RootElement.GetProperty("fleet");
        Assert.Equal(("client-1", 8.0), (Text(fleet.GetProperty("overdue")[0], "client"), fleet.GetProperty("overdue")[0].GetProperty("expectedSeconds").GetDouble()));
        var report = Assert.Single(JsonDocument.Parse(await OkAsync(console, "report", "summary", "--json")).RootElement.GetProperty("instances").EnumerateArray());
        Assert.Equal((true, "instance"), (report.GetProperty("overdue").GetBoolean(), Text(report, "intervalSource")));

        // The client comes back (a one-shot backup on the same staging; its node is gone).
        var (code, run) = await env.BackupAsync(env.WriteClientConfig());
        Assert.True(code == 0, run.Output);

        var recovered = await NextAlertAsync(webhook, "BackupRecovered");
        Assert.Equal(("Info", "client-1/main"), (Text(recovered, "severity"), Text(recovered, "instance")));
        Assert.Equal(1, webhook.All.Count(w => w.Alert.GetProperty("kind").GetString() == "BackupOverdue"));
        var events = await CatalogAsync(console, r => r.Any(e => Event(e) == "recovered"));
        Assert.Single(events, e => Event(e) == "overdue");

        Assert.Contains("'client-1/main' is no longer watched", await OkAsync(console, "catalog", "forget", "client-1", "main"));
        var (again, refusedForget) = await console.ReceiverAbkAsync("catalog", "forget", "client-1", "main");
        Assert.Equal(2, again);
        Assert.Contains("'client-1/main' is not a watched instance; watched: none", refusedForget.Stderr);
        Assert.Contains("overdue: none of 0 watched instance(s)", await OkAsync(console, "node", "status"));
    }

    [Fact]
    public async Task The_receiver_prunes_catalog_rows_older_than_its_retention_and_keeps_the_rest()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        var path = Path.Combine(env.Store, ".partial", "receiver-catalog.db");
        var catalog = await FleetCatalog.OpenAsync(path);
        var now = DateTimeOffset.UtcNow;
        await catalog.AppendAsync(
        [
            new CatalogEntry(now.AddDays(-10), CatalogEvent.Refused) { Client = "client-1", Reason = "ten days old" },
            new CatalogEntry(now.AddDays(-1), CatalogEvent.Refused) { Client = "client-1", Reason = "one day old" },
        ]);

        await env.StartReceiverAsync(env.WriteReceiverConfig("akkabackup.receiver.catalog.retention-days = 5"));

        await env.Receiver!.WaitForOutputAsync("Fleet catalog: 1 row(s) older than 5 days pruned", TimeSpan.FromMinutes(1));
        Assert.Equal(["one day old"], (await catalog.SearchAsync(new CatalogQuery())).Select(r => r.Reason));
    }

    [Fact]
    public async Task A_catalog_that_cannot_be_written_is_alerted_and_the_backup_is_still_stored()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        var blocker = Path.Combine(env.Root, "not-a-directory");
        File.WriteAllText(blocker, "a file where the catalog's folder should be");
        await env.StartReceiverAsync(env.WriteReceiverConfig($$"""
            akkabackup.receiver.catalog.file = "{{Path.Combine(blocker, "catalog.db")}}"
            akkabackup.alerts.channels = [{ type = webhook, url = "{{webhook.Url("/receiver")}}", min-severity = warning }]
            """));

        var (code, run) = await env.BackupAsync(env.WriteClientConfig());

        Assert.True(code == 0, run.Output);
        Assert.Single(env.StoredArchives());
        var alert = await NextAlertAsync(webhook, "CatalogUnavailable");
        Assert.Equal("Critical", Text(alert, "severity"));
        Assert.Contains(blocker, Text(alert, "body"));
        Assert.Contains("row(s) not written; they are held", env.Receiver!.Output);
    }

    [Fact]
    public async Task A_scheduled_drill_and_a_manual_drill_with_the_receivers_config_are_in_its_log_and_report_field_by_field()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 500);
        var scratch = Path.Combine(env.Root, "scratch");
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: $$"""
            akkabackup.receiver.drills { schedule = "*/2 * * * * *", scratch-directory = "{{scratch}}" }
            """);
        await BackUpAsync(console);
        var archive = Assert.Single(env.StoredArchives());
        var manifest = Manifest(archive);
        var source = await env.Db.ChecksumTablesAsync();
        await CatalogAsync(console, r => r.Any(e => Event(e) == "drill"), "--event", "drill");

        // The receiver stopped (its catalog flushed, a drill under way cancelled) and started without a schedule: the
        // newest drill row is the drill whose report lies beside the archive.
        env.Receiver!.Terminate();
        Assert.Equal(0, await env.Receiver.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        var receiverConfig = env.WriteReceiverConfig("akkabackup.console.allowed = [\"console\"]");
        await env.StartReceiverAsync(receiverConfig);
        var report = JsonDocument.Parse(File.ReadAllText(archive + ".drill.json")).RootElement;
        var drills = await CatalogAsync(console, r => r.Count > 0, "--event", "drill");
        Assert.All(drills, d => Assert.Equal("drill", Event(d)));
        var drill = drills[0];
        Assert.Equal(("client-1", "main", "cold"), (Text(drill, "client"), Text(drill, "instance"), Text(drill, "type")));
        Assert.Equal((archive, Path.GetFileName(archive), Text(manifest, "sha256")), (Text(drill, "storedPath"), Text(drill, "storedName"), Text(drill, "sha256")));
        Assert.Equal(report.GetProperty("restoredBytes").GetInt64(), drill.GetProperty("dataBytes").GetInt64());
        Assert.Equal(report.GetProperty("durationSeconds").GetDouble(), drill.GetProperty("durationSeconds").GetDouble(), 0.0015);
        var ended = report.GetProperty("startedAt").GetDateTimeOffset().AddSeconds(report.GetProperty("durationSeconds").GetDouble());
        Assert.InRange((drill.GetProperty("at").GetDateTimeOffset() - ended).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(3));
        Assert.Equal(JsonValueKind.Null, drill.GetProperty("reason").ValueKind);
        var outcome = drill.GetProperty("drill");
        Assert.Equal("passed", Text(outcome, "status"));
        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("failedStage").ValueKind);
        var tables = outcome.GetProperty("tables").EnumerateArray().ToList();
        var reported = report.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(reported.Count, tables.Count);
        foreach (var (row, expected) in tables.Zip(reported))
        {
            Assert.Equal((Text(expected, "table"), expected.GetProperty("passed").GetBoolean(), Text(expected, "check"), expected.GetProperty("checksum").GetRawText()),
                (Text(row, "table"), row.GetProperty("passed").GetBoolean(), Text(row, "check"), row.GetProperty("checksum").GetRawText()));
        }

        Assert.Equal(source, tables.Where(t => source.ContainsKey(Text(t, "table"))).ToDictionary(t => Text(t, "table"), t => (long?)t.GetProperty("checksum").GetInt64()));
        Assert.Contains($"passed {Path.GetFileName(archive)}: {tables.Count} tables checked", await OkAsync(console, "log", "list", "--event", "drill"));

        var summary = Assert.Single(JsonDocument.Parse(await OkAsync(console, "report", "summary", "--json")).RootElement.GetProperty("instances").EnumerateArray());
        Assert.Equal((drill.GetProperty("at").GetDateTimeOffset(), "passed"), (summary.GetProperty("lastDrillAt").GetDateTimeOffset(), Text(summary, "lastDrill")));
        var csv = (await OkAsync(console, "report", "summary", "--csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",overdue,last_drill_at,last_drill", csv[0]);
        Assert.EndsWith($",{drill.GetProperty("at").GetDateTimeOffset().ToString("O", CultureInfo.InvariantCulture)},passed", csv[1]);
        Assert.Contains("LAST DRILL", await OkAsync(console, "report", "summary"));

        // The archive damaged: a drill by hand with the receiver's configuration records its failure beside the running receiver.
        DrillTests.FlipBytes(archive, new FileInfo(archive).Length / 2, 32);
        var (failedCode, failed) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(5), "drill", archive, "--config", receiverConfig, "--scratch", scratch);
        Assert.True(failedCode == 1, failed.Output);
        Assert.Contains("Recorded in the fleet catalog", failed.Stdout);
        var after = await CatalogAsync(console, r => r.Count == drills.Count + 1, "--event", "drill");
        var manual = after[0];
        Assert.Equal(("failed", "restore"), (Text(manual.GetProperty("drill"), "status"), Text(manual.GetProperty("drill"), "failedStage")));
        Assert.Contains("damaged", Text(manual, "reason"));
        Assert.Equal(("client-1", "main", archive), (Text(manual, "client"), Text(manual, "instance"), Text(manual, "storedPath")));
        var failedSummary = Assert.Single(JsonDocument.Parse(await OkAsync(console, "report", "summary", "--json")).RootElement.GetProperty("instances").EnumerateArray());
        Assert.Equal((manual.GetProperty("at").GetDateTimeOffset(), "failed"), (failedSummary.GetProperty("lastDrillAt").GetDateTimeOffset(), Text(failedSummary, "lastDrill")));
        Assert.Contains("FAILED at restore", await OkAsync(console, "log", "list", "--event", "drill"));

        // Without --config a drill writes its report only.
        var (unrecordedCode, unrecorded) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(5), "drill", archive, "--scratch", scratch);
        Assert.True(unrecordedCode == 1, unrecorded.Output);
        Assert.DoesNotContain("fleet catalog", unrecorded.Output);
        Assert.Equal(after.Count, (await CatalogAsync(console, _ => true, "--event", "drill")).Count);
    }

    private static async Task BackUpAsync(ConsoleNode console) =>
        Assert.Contains("stored and verified", await OkAsync(console, "backup", "run", "--instance", "main", "--watch", "--client"));

    /// <summary>Runs an <c>abk</c> command (on the receiver, or with a trailing <c>--client</c> on the client node) that must succeed; its stdout.</summary>
    private static async Task<string> OkAsync(ConsoleNode console, params string[] words)
    {
        var onClient = words[^1] == "--client";
        var (code, abk) = onClient ? await console.AbkAsync(words[..^1]) : await console.ReceiverAbkAsync(words);
        Assert.True(code == 0, $"abk {string.Join(' ', words)} exited {code}:\n{abk.Output}");
        return abk.Stdout;
    }

    /// <summary>The receiver's catalog as <c>log list --json</c> shows it, once <paramref name="ready"/> holds (rows are written in batches).</summary>
    private static async Task<List<JsonElement>> CatalogAsync(ConsoleNode console, Func<List<JsonElement>, bool> ready, params string[] filters)
    {
        // Long enough for a scheduled drill to restore, start its server and check every table under load.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var rows = JsonDocument.Parse(await OkAsync(console, ["log", "list", "--json", .. filters])).RootElement.EnumerateArray().ToList();
            if (ready(rows))
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the catalog never got there:\n{string.Join("\n", rows)}\n{console.Env.Receiver!.Output}");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> NextAlertAsync(WebhookReceiver webhook, string kind)
    {
        while (true)
        {
            var alert = (await webhook.NextAsync(TimeSpan.FromMinutes(2))).Alert;
            if (alert.GetProperty("kind").GetString() == kind)
            {
                return alert;
            }
        }
    }

    private static JsonElement Manifest(string archive) => JsonDocument.Parse(File.ReadAllText(archive + ".manifest.json")).RootElement;

    private static string Event(JsonElement row) => Text(row, "event");

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
