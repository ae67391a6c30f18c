using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>The receiver's store on a small tmpfs that fills up mid-transfer (the tests run as root, so it is a real full volume).</summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_store_stops_the_transfer_cleanly_keeps_both_halves_alerts_the_volume_and_resumes_once_space_is_freed()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        using var webhook = new WebhookReceiver();
        var store = Tmpfs.Mount(env.Store, 160);
        try
        {
            var alerts = $$"""akkabackup.alerts.channels = [{ type = webhook, url = "{{webhook.Url("/alerts")}}", min-severity = critical }]""";
            await env.StartReceiverAsync(env.WriteReceiverConfig($"""
                akkabackup.receiver.journal-file = "{Path.Combine(env.Root, "journal", "receiver-journal.db")}"
                {alerts}
                """));
            var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.chunk-delay = 150ms\n{alerts}");

            var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
            await env.WaitForPartBytesAsync(4 * 64 * 1024);
            var filler = store.Fill();
            var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

            Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
            Assert.Contains($"the receiver's volume {env.Store}", backup.Output);
            Assert.Contains("is full", backup.Output);
            Assert.True(await env.Db.AnswersAsync(), "the server must be started again");
            Assert.True(File.Exists(env.StagedArchive), "Data.zip is kept as a pending transfer");
            Assert.True(env.PartBytes() > 0, "the receiver keeps its partial file for a resume");
            Assert.Contains($"the store volume {env.Store}", env.Receiver!.Output);
            var kinds = new Dictionary<string, string>();
            while (kinds.Count < 2)
            {
                var alert = (await webhook.NextAsync()).Alert;
                kinds[alert.GetProperty("kind").GetString()!] = alert.GetProperty("title").GetString() + "\n" + alert.GetProperty("body").GetString();
            }

            Assert.Contains(env.Store, kinds["StoreFull"]);
            Assert.Contains("the transfer of 'client-1/main' stopped", kinds["StoreFull"]);
            Assert.Contains(env.Store, kinds["BackupFailed"]);
            Assert.Contains($"kept at {env.StagedArchive}", kinds["BackupFailed"]);

            File.Delete(filler);
            var runId = backup.Stdout.Split("pending discard ")[1].Split(')')[0].Trim();
            var (retryCode, retry) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(3), "pending", "retry", runId, "--config", config);

            Assert.True(retryCode == 0, $"pending retry exited {retryCode}:\n{retry.Output}");
            var stored = Assert.Single(env.StoredArchives());
            Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        }
        finally
        {
            // The receiver holds files on the volume: it goes first.
            env.Receiver?.Kill();
            store.Dispose();
        }
    }
}
