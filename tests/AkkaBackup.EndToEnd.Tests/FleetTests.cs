using System.Text.RegularExpressions;
using AkkaBackup.Client.Transfer;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Many clients, one receiver: four client processes, each beside its own private MariaDB.</summary>
public sealed class FleetTests
{
    private const string WaitingLine = "waiting for a transfer slot on the receiver";
    private const string StoppingLine = "pre-flight passed";

    /// <summary>Long enough for a pre-flight on a loaded machine, and shorter than a waiter's wait for a slot.</summary>
    private static readonly TimeSpan PreflightTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Four_clients_back_up_at_once_and_each_archive_is_exact_restorable_and_in_its_own_folder()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 800, clients: 4);
        var before = await Task.WhenAll(env.Clients.Select(c => c.Db.ChecksumTablesAsync()));
        await env.StartReceiverAsync();

        var runs = await Task.WhenAll(env.Clients.Select(c => env.BackupAsync(env.WriteClientConfig(chunkSize: "256KiB", client: c))));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, $"backup exited {r.ExitCode}:\n{r.Process.Output}"));
        Assert.Equal(4, env.StoredArchives().Count);
        for (var i = 0; i < env.Clients.Count; i++)
        {
            var client = env.Clients[i];
            var stored = Assert.Single(Directory.GetFiles(Path.Combine(env.Store, client.Name), "*.zip", SearchOption.AllDirectories));
            Assert.Matches($@"{client.Server}_main_cold_\d{{8}}_\d{{6}}\.zip$", stored);
            var manifest = Checks.Manifest(stored);
            Assert.Equal(Checks.Sha256(stored), manifest.GetProperty("sha256").GetString());
            Assert.Equal(client.Server, manifest.GetProperty("server").GetString());
            await Checks.UnzipTestPassesAsync(stored);
            Assert.True(await client.Db.AnswersAsync(), $"{client.Name}'s server must answer after the run");

            var after = await Checks.RestoredChecksumsAsync(env.Root, stored, client.Db);
            Assert.NotEmpty(before[i]);
            Assert.Equal(before[i].OrderBy(p => p.Key), after.OrderBy(p => p.Key));
        }
    }

    [Fact]
    public async Task With_the_cap_at_two_the_other_clients_wait_with_their_servers_running_and_complete_afterwards()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 400, clients: 4);
        await env.StartReceiverAsync(env.WriteReceiverConfig("akkabackup.receiver.limits { max-concurrent-transfers = 2, status-interval = 1s }"));
        string Config(FleetClient c, string hold) => env.WriteClientConfig(chunkSize: "64KiB", client: c,
            extra: $"akkabackup.testing.hold-chunks-while = \"{hold}\"\nakkabackup.client.receiver.admission-poll = 200ms\nakkabackup.client.preflight-timeout = {PreflightTimeout.TotalSeconds:0}s");

        // Two transfers take the slots and hold them (no chunk is sent while the hold file exists) until the
        // other two clients are seen waiting, however slowly their processes start on a loaded machine.
        var hold = Path.Combine(env.Root, "hold-transfers");
        await File.WriteAllTextAsync(hold, "");
        var first = env.Clients.Take(2).Select(c => env.BackupAsync(Config(c, hold))).ToList();
        await env.Receiver!.WaitForOutputAsync("2 of 2 transfer slots taken", TimeSpan.FromMinutes(2));
        var waiting = env.Clients.Skip(2).ToList();
        var pids = waiting.ToDictionary(c => c.Name, c => c.Db.Pid);
        var later = waiting.Select(c => env.BackupAsync(Config(c, ""))).ToList();
        var waitingSince = default(DateTime);

        foreach (var client in waiting)
        {
            await WaitForLogAsync(client, WaitingLine);
            waitingSince = waitingSince == default ? DateTime.UtcNow : waitingSince;

            // While it waits, its server is the same process as before the run and answers.
            Assert.Equal(pids[client.Name], client.Db.Pid);
            Assert.True(await client.Db.AnswersAsync(), $"{client.Name}'s server must run while it waits for a slot");
            Assert.DoesNotContain(StoppingLine, BackupEnvironment.Logs(client.Logs));
        }

        await env.Receiver.WaitForOutputAsync("client(s) waiting: 1. client-", TimeSpan.FromSeconds(30));

        // The slots stay taken past the waiters' preflight-timeout: the wait for a slot has its own admission-timeout.
        var pastPreflightTimeout = waitingSince + PreflightTimeout + TimeSpan.FromSeconds(1) - DateTime.UtcNow;
        if (pastPreflightTimeout > TimeSpan.Zero)
        {
            await Task.Delay(pastPreflightTimeout);
        }

        File.Delete(hold);
        var runs = await Task.WhenAll(first.Concat(later));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, $"backup exited {r.ExitCode}:\n{r.Process.Output}"));
        Assert.Equal(4, env.StoredArchives().Count);
        foreach (var client in waiting)
        {
            // The stop came only after the wait: the server was stopped once, after admission.
            var log = BackupEnvironment.Logs(client.Logs);
            Assert.True(log.LastIndexOf(WaitingLine, StringComparison.Ordinal) < log.IndexOf(StoppingLine, StringComparison.Ordinal), log);
            Assert.True(await client.Db.AnswersAsync());
        }

        Assert.Contains("Status: transfer", env.Receiver.Output);
        Assert.DoesNotContain(WaitingLine, BackupEnvironment.Logs(env.Clients[0].Logs));
    }

    [Fact]
    public async Task Sigterm_while_waiting_for_a_slot_ends_the_run_with_the_server_never_stopped()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 200, clients: 2);
        await env.StartReceiverAsync(env.WriteReceiverConfig("akkabackup.receiver.limits { max-concurrent-transfers = 1, max-transfers-per-client = 1, admission-lease = 3s }"));
        var holder = env.BackupAsync(env.WriteClientConfig(chunkSize: "64KiB", client: env.Clients[0], extra: "akkabackup.testing.chunk-delay = 1s"));
        await env.Receiver!.WaitForOutputAsync("1 of 1 transfer slots taken", TimeSpan.FromMinutes(2));
        var waiter = env.Clients[1];
        var pid = waiter.Db.Pid;

        var backup = NodeProcess.Start(env.Root, "backup", "--config", env.WriteClientConfig(client: waiter, extra: "akkabackup.client.receiver.admission-poll = 200ms"));
        await WaitForLogAsync(waiter, WaitingLine);
        backup.Terminate();
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        Assert.Contains("cancelled in Preflight", backup.Output);
        Assert.Contains("the server was not touched", backup.Output);
        Assert.Equal(pid, waiter.Db.Pid);
        Assert.True(await waiter.Db.AnswersAsync(), "the waiting client's server must still run");
        Assert.DoesNotContain(StoppingLine, BackupEnvironment.Logs(waiter.Logs));

        // Its place in the queue is dropped after the lease; the transfer holding the slot completes.
        await env.Receiver.WaitForOutputAsync("Client client-2 stopped asking for a transfer slot", TimeSpan.FromSeconds(30));
        var (holderCode, holderRun) = await holder;
        Assert.True(holderCode == 0, $"backup exited {holderCode}:\n{holderRun.Output}");
        Assert.Single(env.StoredArchives());
    }

    [Fact]
    public async Task A_client_that_presents_another_clients_transfer_id_on_the_data_plane_is_refused()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 200, clients: 2);
        await env.StartReceiverAsync();
        var owner = env.BackupAsync(env.WriteClientConfig(chunkSize: "64KiB", client: env.Clients[0], extra: "akkabackup.testing.chunk-delay = 300ms"));
        await env.Receiver!.WaitForOutputAsync("Data-plane connection from client-1", TimeSpan.FromMinutes(2));
        var transferId = Regex.Match(env.Receiver.Output, @"Opening transfer (\S+) for client-1").Groups[1].Value;

        // client-2 holds a valid certificate of the same CA and is in allowed-clients, but the transfer is client-1's.
        var certs = env.Certs;
        var identity = NodeTls.Load(new TlsFiles(Path.Combine(certs, "client-2.pfx"), BackupEnvironment.Password, Path.Combine(certs, "ca.crt")), "client-2");
        var receiverCheck = new PeerCertificateValidator(identity.TrustedCa, ["receiver"]);
        var refused = await Assert.ThrowsAsync<TransferException>(() =>
            DataPlaneConnection.OpenAsync("127.0.0.1", env.DataPort, transferId, identity, receiverCheck, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Contains($"no open transfer {transferId} for client-2", refused.Message);
        await env.Receiver.WaitForOutputAsync($"Refused data-plane peer client-2 for transfer {transferId}: it belongs to client client-1", TimeSpan.FromSeconds(10));
        var (code, run) = await owner;
        Assert.True(code == 0, $"backup exited {code}:\n{run.Output}");
        Assert.Single(Directory.GetFiles(Path.Combine(env.Store, "client-1"), "*.zip", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(env.Store, "client-2")));
    }

    private static async Task WaitForLogAsync(FleetClient client, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!BackupEnvironment.Logs(client.Logs).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{client.Name} did not log '{text}':\n{BackupEnvironment.Logs(client.Logs)}");
            }

            await Task.Delay(50);
        }
    }
}
