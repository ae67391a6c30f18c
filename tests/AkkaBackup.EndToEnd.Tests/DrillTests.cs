using System.Text.Json;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// Issue 15, restore drills: <c>akkabackup drill</c> on stored archives (cold and hot, damaged two ways, refused by
/// pre-flight, cancelled) and the receiver's <c>drills.schedule</c> — real backups, real mariadbd, real processes.
/// </summary>
public sealed class DrillTests
{
    [Fact]
    public async Task A_cold_backup_drill_passes_with_the_source_servers_checksums_and_leaves_no_scratch_copy()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var stored = await StoreBackupAsync(env);
        var source = await env.Db.ChecksumTablesAsync();
        var scratch = Path.Combine(env.Root, "scratch");

        var (code, drill) = await DrillAsync(env, stored, "--config", env.WriteReceiverConfig(), "--scratch", scratch, "--json");

        Assert.True(code == 0, $"drill exited {code}:\n{drill.Output}");
        var report = JsonDocument.Parse(drill.Stdout).RootElement;
        Assert.Equal("passed", report.GetProperty("status").GetString());
        Assert.Equal(("client-1", "main", "cold"), (report.GetProperty("client").GetString(), report.GetProperty("instance").GetString(), report.GetProperty("backupType").GetString()));
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), report.GetProperty("archiveSha256").GetString());
        var tables = Tables(report);
        Assert.Equal(source, tables.Where(t => !t.System).ToDictionary(t => t.Table, t => t.Checksum));
        Assert.Contains(tables, t => t.System && t.Table == "mysql.global_priv" && t.Passed);
        Assert.All(tables, t => Assert.True(t.Passed, t.Table));
        foreach (var phase in new[] { "preflight", "restore", "start-server", "check-tables", "stop-server" })
        {
            Assert.True(report.GetProperty("phaseMilliseconds").TryGetProperty(phase, out _), phase);
        }

        Assert.Equal(drill.Stdout.Trim(), File.ReadAllText(stored + ".drill.json").Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        Assert.Contains("Scratch copy", drill.Stderr);

        // The report belongs to the archive: retention sees no stray file, and deletes it with its archive.
        var (dryRun, retention) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(1), "retention", "--config", env.WriteReceiverConfig(), "--dry-run", "--json");
        Assert.True(dryRun == 0, retention.Output);
        Assert.Equal(0, JsonDocument.Parse(retention.Stdout).RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task A_hot_backup_drill_extracts_prepares_and_passes()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var stored = await StoreBackupAsync(env, "akkabackup.client.instances.main.type = hot");
        Assert.EndsWith(".xbstream.gz", stored);
        var source = await env.Db.ChecksumTablesAsync();
        var scratch = Path.Combine(env.Root, "scratch");

        var (code, drill) = await DrillAsync(env, stored, "--scratch", scratch);

        Assert.True(code == 0, $"drill exited {code}:\n{drill.Output}");
        Assert.Contains("Drill PASSED: client-1/main (hot)", drill.Stdout);
        var report = JsonDocument.Parse(File.ReadAllText(stored + ".drill.json")).RootElement;
        Assert.Equal("passed", report.GetProperty("status").GetString());
        Assert.Equal(source, Tables(report).Where(t => !t.System).ToDictionary(t => t.Table, t => t.Checksum));
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    [Fact]
    public async Task An_archive_damaged_after_filing_fails_its_drill_alerts_and_leaves_no_scratch_copy()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        using var webhook = new WebhookReceiver();
        var stored = await StoreBackupAsync(env);
        var scratch = Path.Combine(env.Root, "scratch");

        // One entry damaged where the receiver filed it; the manifest is left as it was.
        FlipBytes(stored, new FileInfo(stored).Length / 2, 32);
        var config = env.WriteReceiverConfig(Webhook(webhook));
        var (code, drill) = await DrillAsync(env, stored, "--config", config, "--scratch", scratch);

        Assert.True(code == 1, $"drill exited {code}:\n{drill.Output}");
        Assert.Contains("Drill FAILED at restore", drill.Stdout);
        Assert.Contains("the archive is damaged", drill.Stdout);
        var alert = (await webhook.NextAsync()).Alert;
        Assert.Equal(("Critical", "DrillFailed", "receiver", "client-1/main"),
            (alert.GetProperty("severity").GetString(), alert.GetProperty("kind").GetString(), alert.GetProperty("node").GetString(), alert.GetProperty("instance").GetString()));
        Assert.Contains(stored, alert.GetProperty("body").GetString());
        var report = JsonDocument.Parse(File.ReadAllText(stored + ".drill.json")).RootElement;
        Assert.Equal(("failed", "restore"), (report.GetProperty("status").GetString(), report.GetProperty("failedStage").GetString()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    [Fact]
    public async Task A_crafted_archive_that_restores_but_holds_a_corrupt_table_fails_at_check_table()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        using var webhook = new WebhookReceiver();
        var stored = await StoreBackupAsync(env);
        var scratch = Path.Combine(env.Root, "scratch");

        // Extracted and zipped again with the stock tools, one InnoDB page damaged, and a manifest that matches the new
        // zip: every check of the restore passes, only the database can tell.
        var crafted = await CraftCorruptArchiveAsync(env, stored, "shop/orders.ibd");
        var (code, drill) = await DrillAsync(env, crafted, "--config", env.WriteReceiverConfig(Webhook(webhook)), "--scratch", scratch, "--json");

        Assert.True(code == 1, $"drill exited {code}:\n{drill.Output}");
        var report = JsonDocument.Parse(drill.Stdout).RootElement;
        Assert.Equal(("failed", "check-tables"), (report.GetProperty("status").GetString(), report.GetProperty("failedStage").GetString()));
        var orders = Assert.Single(Tables(report), t => t.Table == "shop.orders");
        Assert.False(orders.Passed);
        Assert.Contains("corrupt", orders.Check, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Tables(report), t => t.Table == "shop.customers" && t.Passed);
        Assert.Contains("shop.orders", report.GetProperty("error").GetString());
        var alert = (await webhook.NextAsync()).Alert;
        Assert.Equal("DrillFailed", alert.GetProperty("kind").GetString());
        Assert.Contains("CHECK TABLE", alert.GetProperty("body").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    [Fact]
    public async Task Pre_flight_refuses_a_scratch_volume_too_small_and_missing_server_binaries_naming_each()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var stored = await StoreBackupAsync(env);
        var small = Path.Combine(env.Root, "small");
        using var tmpfs = Tmpfs.Mount(small, 16);

        var (noSpace, refused) = await DrillAsync(env, stored, "--scratch", small);

        Assert.True(noSpace == 4, $"drill exited {noSpace}:\n{refused.Output}");
        Assert.Contains($"not enough space in the scratch directory {small}", refused.Stdout);
        Assert.Contains("Drill REFUSED, nothing was restored", refused.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(small));

        var scratch = Path.Combine(env.Root, "scratch");
        var withoutSbin = NodeProcess.StartWithEnvironment(env.Root, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, "drill", stored, "--scratch", scratch, "--json");
        var noServer = await withoutSbin.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(noServer == 4, $"drill exited {noServer}:\n{withoutSbin.Output}");
        var report = JsonDocument.Parse(withoutSbin.Stdout).RootElement;
        Assert.Equal(("refused", "preflight"), (report.GetProperty("status").GetString(), report.GetProperty("failedStage").GetString()));
        Assert.Contains("mariadbd not found", report.GetProperty("error").GetString());
        Assert.Contains("/usr/bin:/bin", report.GetProperty("error").GetString());
        Assert.False(Directory.Exists(scratch) && Directory.EnumerateFileSystemEntries(scratch).Any());
    }

    [Fact]
    public async Task A_drill_stopped_by_SIGTERM_kills_its_server_and_removes_the_scratch_copy()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.Db.GrowToAsync(160L << 20);
        var stored = await StoreBackupAsync(env);
        var scratch = Path.Combine(env.Root, "scratch");

        var drill = NodeProcess.Start(env.Root, "drill", stored, "--scratch", scratch);
        await drill.WaitForOutputAsync("(no networking)", TimeSpan.FromMinutes(3));
        var pidFile = Assert.Single(Directory.GetDirectories(scratch)) + "/mariadbd.pid";
        var serverPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        drill.Terminate();
        var code = await drill.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 130, $"drill exited {code}:\n{drill.Output}");
        Assert.Contains("drill cancelled", drill.Stderr);
        Assert.False(File.Exists($"/proc/{serverPid}/status") && !File.ReadAllText($"/proc/{serverPid}/status").Contains("State:\tZ", StringComparison.Ordinal),
            $"the drill's mariadbd (pid {serverPid}) still runs");
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        Assert.False(File.Exists(stored + ".drill.json"));
    }

    [Fact]
    public async Task The_receivers_drill_schedule_drills_the_newest_backup_records_it_and_alerts_when_it_fails()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 500);
        using var webhook = new WebhookReceiver();
        var scratch = Path.Combine(env.Root, "scratch");
        await StoreBackupAsync(env);
        var (second, run) = await env.BackupAsync(env.WriteClientConfig());
        Assert.True(second == 0, run.Output);
        var stored = env.StoredArchives().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, stored.Count);

        // The receiver again, now with a schedule that fires every 2 seconds.
        env.Receiver!.Kill();
        await env.StartReceiverAsync(env.WriteReceiverConfig($$"""
            akkabackup.receiver.drills { schedule = "*/2 * * * * *", scratch-directory = "{{scratch}}" }
            {{Webhook(webhook)}}
            """));

        var report = await WaitForReportAsync(env, stored[1], "passed");
        Assert.Equal("client-1", report.GetProperty("client").GetString());
        // The log line is written just after the report the wait above saw.
        await env.Receiver!.WaitUntilAsync(() => env.Logs().Contains($"Drill of {stored[1]} (client-1/main) passed", StringComparison.Ordinal));
        Assert.False(File.Exists(stored[0] + ".drill.json"), "only the newest backup of an instance is drilled");

        FlipBytes(stored[1], new FileInfo(stored[1]).Length / 2, 32);
        var alert = (await webhook.NextAsync(TimeSpan.FromMinutes(2))).Alert;
        Assert.Equal(("DrillFailed", "client-1/main"), (alert.GetProperty("kind").GetString(), alert.GetProperty("instance").GetString()));
        await WaitForReportAsync(env, stored[1], "failed");
        await env.Receiver!.WaitUntilAsync(() => !Directory.Exists(scratch) || !Directory.EnumerateFileSystemEntries(scratch).Any());
    }

    private static string Webhook(WebhookReceiver webhook) =>
        $$"""akkabackup.alerts.channels = [{ type = webhook, url = "{{webhook.Url("/drills")}}", min-severity = warning }]""";

    private static async Task<string> StoreBackupAsync(BackupEnvironment env, string clientExtra = "")
    {
        await env.StartReceiverAsync();
        var (code, run) = await env.BackupAsync(env.WriteClientConfig(extra: clientExtra));
        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}\n{env.Logs()}");
        return Assert.Single(Directory.GetFiles(env.Store, "*_main_*", SearchOption.AllDirectories), f => !f.EndsWith(".json", StringComparison.Ordinal));
    }

    private static Task<(int ExitCode, NodeProcess Process)> DrillAsync(BackupEnvironment env, string archive, params string[] args) =>
        NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(5), ["drill", archive, .. args]);

    private sealed record TableEntry(string Table, bool System, bool Passed, string Check, long? Checksum);

    private static List<TableEntry> Tables(JsonElement report) =>
        report.GetProperty("tables").EnumerateArray().Select(t => new TableEntry(
            t.GetProperty("table").GetString()!,
            t.GetProperty("systemTable").GetBoolean(),
            t.GetProperty("passed").GetBoolean(),
            t.GetProperty("check").GetString()!,
            t.GetProperty("checksum").ValueKind == JsonValueKind.Null ? null : t.GetProperty("checksum").GetInt64())).ToList();

    internal static void FlipBytes(string path, long offset, int count)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var bytes = new byte[count];
        file.Position = offset;
        file.ReadExactly(bytes);
        for (var i = 0; i < count; i++)
        {
            bytes[i] ^= 0xFF;
        }

        file.Position = offset;
        file.Write(bytes);
    }

    /// <summary>
    /// <paramref name="stored"/> extracted with <c>unzip</c>, InnoDB pages 3 to 5 of <paramref name="table"/> (the clustered
    /// index's root and first leaves) damaged in their middle, zipped again with <c>zip</c>, with a manifest that says
    /// exactly what the new zip holds.
    /// </summary>
    private static async Task<string> CraftCorruptArchiveAsync(BackupEnvironment env, string stored, string table)
    {
        var extracted = Path.Combine(env.Root, "crafted-data");
        await RunAsync("unzip", ["-q", stored, "-d", extracted]);
        var tableFile = Path.Combine(extracted, table);
        var pages = new FileInfo(tableFile).Length / 16384;
        Assert.True(pages >= 6, $"{table} has {pages} pages");
        foreach (var page in new[] { 3, 4, 5 })
        {
            FlipBytes(tableFile, (page * 16384) + 8000, 64);
        }

        var crafted = Path.Combine(env.Root, "crafted", "db1_main_cold_crafted.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(crafted)!);
        await RunAsync("/bin/sh", ["-c", $"cd '{extracted}' && zip -q -r '{crafted}' ."]);
        var files = Directory.GetFiles(extracted, "*", SearchOption.AllDirectories);
        var manifest = JsonSerializerNode(Checks.Manifest(stored));
        manifest["sha256"] = Checks.Sha256(crafted);
        manifest["archiveBytes"] = new FileInfo(crafted).Length;
        manifest["fileCount"] = files.Length;
        manifest["dataBytes"] = files.Sum(f => new FileInfo(f).Length);
        File.WriteAllText(crafted + ".manifest.json", manifest.ToJsonString());
        return crafted;
    }

    private static System.Text.Json.Nodes.JsonObject JsonSerializerNode(JsonElement element) =>
        System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!.AsObject();

    private static async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand(program, args) { Timeout = TimeSpan.FromMinutes(2) });
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} exited {code}: {output}");
    }

    private static async Task<JsonElement> WaitForReportAsync(BackupEnvironment env, string archive, string status)
    {
        var path = archive + ".drill.json";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                var report = JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
                if (report.GetProperty("status").GetString() == status)
                {
                    return report;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no drill report with status {status} at {path}:\n{env.Logs()}");
    }
}
