using System.Text.Json;
using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Retention as the receiver and the <c>akkabackup retention</c> command apply it to a real store.</summary>
public sealed class RetentionTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task The_command_lists_what_would_go_and_why_then_deletes_it_with_the_manifests_and_the_newest_backup_wins()
    {
        using var store = new GeneratedStore();
        var main = store.AddDaily("client-1", "main", Today, days: 5);
        var other = store.AddDaily("client-1", "other", Today, days: 2, size: 100);
        var partial = Path.Combine(store.Root, ".partial", "t1.part");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllText(partial, "a transfer in progress");
        var config = WriteConfig(store.Root, """
            default { keep-last = 2 }
            instances { "client-1/other" { max-bytes = 50 } }
            """);

        var (dryCode, dry) = await NodeProcess.RunAsync(store.Root, TimeSpan.FromMinutes(1), "retention", "--config", config, "--dry-run", "--json");

        Assert.True(dryCode == 0, dry.Output);
        var plan = JsonDocument.Parse(dry.Stdout).RootElement;
        var deletions = plan.GetProperty("deletions").EnumerateArray().ToDictionary(d => d.GetProperty("path").GetString()!, d => d.GetProperty("rule").GetString());
        Assert.Equal(
            main.Skip(2).Select(p => (p, "outside-keep-rules")).Append((other[1], "instance-space")).OrderBy(p => p.Item1),
            deletions.Select(d => (d.Key, d.Value!)).OrderBy(p => p.Item1));
        var warning = Assert.Single(plan.GetProperty("warnings").EnumerateArray());
        Assert.Equal(("client-1/other", "instance-space"), (warning.GetProperty("instance").GetString(), warning.GetProperty("rule").GetString()));
        Assert.All(main.Concat(other), archive => Assert.True(store.Holds(archive), $"a dry run deleted {archive}"));

        var (code, applied) = await NodeProcess.RunAsync(store.Root, TimeSpan.FromMinutes(1), "retention", "--config", config);

        Assert.True(code == 0, applied.Output);
        Assert.Contains($"deleted  {main[4]}", applied.Stdout);
        Assert.Contains("by OutsideKeepRules: stored", applied.Stdout);
        Assert.All(deletions.Keys, archive => Assert.False(File.Exists(archive) || File.Exists(archive + ".manifest.json"), $"{archive} or its manifest is still there"));
        Assert.All(main.Take(2).Append(other[0]), archive => Assert.True(store.Holds(archive)));
        Assert.True(File.Exists(partial));
    }

    [Fact]
    public async Task The_receiver_applies_retention_after_each_stored_backup_and_alerts_what_it_cannot_keep_and_a_full_store()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        await env.StartReceiverAsync(env.WriteReceiverConfig($$"""
            akkabackup.receiver.nearly-full-percent = 100
            akkabackup.retention { default { keep-last = 1, max-bytes = 1 } }
            akkabackup.alerts.channels = [{ type = webhook, url = "{{webhook.Url("/receiver")}}", min-severity = warning }]
            """));
        var client = env.WriteClientConfig();

        var (first, run1) = await env.BackupAsync(client);
        var firstStored = Assert.Single(env.StoredArchives());
        var (second, run2) = await env.BackupAsync(client);

        Assert.True(first == 0 && second == 0, run1.Output + run2.Output);
        await env.Receiver!.WaitForOutputAsync($"deleted {firstStored}", TimeSpan.FromSeconds(30));
        var kept = Assert.Single(env.StoredArchives());
        Assert.NotEqual(firstStored, kept);
        Assert.False(File.Exists(firstStored + ".manifest.json"));
        Assert.Contains("by OutsideKeepRules", env.Receiver.Output);
        var kinds = new HashSet<string>();
        while (!kinds.IsSupersetOf(["RetentionCouldNotKeepNewest", "StoreNearlyFull"]))
        {
            var alert = (await webhook.NextAsync()).Alert;
            kinds.Add(alert.GetProperty("kind").GetString()!);
            if (alert.GetProperty("kind").GetString() == "RetentionCouldNotKeepNewest")
            {
                // The first pass (after the first backup) alerts; the second pass's alert is a repeat, held back.
                Assert.Contains($"would delete {firstStored}, the newest verified backup", alert.GetProperty("body").GetString());
                Assert.Equal("client-1/main", alert.GetProperty("instance").GetString());
            }
        }
    }

    [Fact]
    public async Task The_receiver_applies_retention_on_its_timer_without_a_new_backup()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        using var store = new GeneratedStore();
        var backups = store.AddDaily("client-1", "main", DateOnly.FromDateTime(DateTime.UtcNow), days: 3);
        await env.StartReceiverAsync(env.WriteReceiverConfig($$"""
            akkabackup.receiver.store-directory = "{{store.Root}}"
            akkabackup.retention.default.keep-last = 1
            akkabackup.retention.interval = 1s
            """));

        await env.Receiver!.WaitForOutputAsync($"deleted {backups[2]}", TimeSpan.FromSeconds(60));
        await env.Receiver.WaitForOutputAsync($"deleted {backups[1]}", TimeSpan.FromSeconds(60));

        Assert.True(store.Holds(backups[0]));
        Assert.False(File.Exists(backups[1]) || File.Exists(backups[2]));
    }

    private static string WriteConfig(string store, string retention)
    {
        var path = Path.Combine(store, "..", $"retention-{Guid.NewGuid():N}.hocon");
        File.WriteAllText(path, $$"""
            akkabackup {
              node-name = receiver
              receiver { store-directory = "{{store}}", allowed-clients = ["client-1"] }
              retention { {{retention}} }
            }
            """);
        return Path.GetFullPath(path);
    }
}
