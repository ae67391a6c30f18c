namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// A node upgraded after a crash: the journals in TestData/release-0.1.0 were written by release 0.1.0 when
/// its client node was killed mid-archive (server stopped, two chunks at the receiver). This release must read
/// both, start the server the old one stopped, and drop the half-sent transfer on the receiver.
/// </summary>
public sealed class UpgradeTests
{
    private const string TransferId = "20261205023623-8857870e4ef112b6";
    private const string RunId = "20261205023621-221cb5a8";

    private static string Release(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "release-0.1.0", file);

    [Fact]
    public async Task A_run_the_old_release_stopped_is_recovered_by_this_one_and_its_server_started()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.Db.StopAsync();
        var partial = Path.Combine(env.Store, ".partial");
        Directory.CreateDirectory(partial);
        Directory.CreateDirectory(env.Staging);
        File.Copy(Release("receiver-journal.db"), Path.Combine(partial, "receiver-journal.db"));
        File.Copy(Release(TransferId + ".part"), Path.Combine(partial, TransferId + ".part"));
        File.Copy(Release("client-journal.db"), Path.Combine(env.Staging, "client-journal.db"));

        await env.StartReceiverAsync();
        await WaitForLogAsync(env, $"Transfer {TransferId} of client-1 recovered: 2 chunks held");

        await using var client = NodeProcess.Start(env.Root, "client", "--config", env.WriteClientConfig());
        await WaitForLogAsync(env, $"Run {RunId} of main was interrupted by a restart of this node");
        await WaitForLogAsync(env, $"Run {RunId} of main FAILED in Archiving");
        Assert.True(await env.Db.AnswersAsync(), "the node must start the server the old release had stopped");

        await env.WaitForNoPartFileAsync();
        Assert.Contains($"Transfer {TransferId} ", env.Logs());
        Assert.Empty(env.StoredArchives());
        client.Terminate();
        Assert.Equal(0, await client.WaitForExitAsync(TimeSpan.FromMinutes(1)));
    }

    private static async Task WaitForLogAsync(BackupEnvironment env, string line)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!env.Logs().Contains(line, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no '{line}' in the logs:\n{env.Logs()}");
            }

            await Task.Delay(100);
        }
    }
}
