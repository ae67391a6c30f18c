namespace AkkaBackup.EndToEnd.Tests;

/// <summary>SIGTERM in the middle of a run: the node cancels the run, starts the server again, then exits.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_during_the_transfer_starts_the_server_again_and_keeps_the_archive()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: "akkabackup.testing.chunk-delay = 500ms");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await backup.WaitForOutputAsync("Transferring ", TimeSpan.FromMinutes(2));
        Assert.False(await env.Db.AnswersAsync(), "the server should be down while the archive is transferred");
        backup.Terminate();
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        Assert.Contains("cancelled in Transferring", backup.Output);
        Assert.Contains("process is exiting", backup.Output);
        Assert.True(await env.Db.AnswersAsync(), "SIGTERM must never leave the server down");
        Assert.True(File.Exists(env.StagedArchive), "the sealed Data.zip must be kept");
        await Checks.UnzipTestPassesAsync(env.StagedArchive);
        Assert.Empty(env.StoredArchives());

        // The node wrote the pending transfer's row, with the cancelled attempt, before it exited.
        var transferId = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(Path.Combine(env.Store, ".partial"), "*.part")));
        var row = Assert.Single(await (await ClientStoreAccess.OpenAsync(env)).PendingTransfers.ListAsync());
        Assert.Equal((transferId, env.StagedArchive, 1), (row.TransferId, row.ArchivePath, row.Attempts));
        Assert.Contains("cancelled in Transferring", row.LastError);
    }
}
