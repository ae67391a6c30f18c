using System.Text.Json;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// A receiver that dies, restarts, or has its connections cut at any moment, in the middle of a TLS handshake
/// included, costs the client retries, never the run and never the node. (Akka's own TLS transport shuts the
/// whole client node down when a client-side handshake fails; AkkaBackup's transport fails that one connection.)
/// </summary>
public sealed class ControlPlaneResilienceTests
{
    private const string FastRetry = "akkabackup.client.retry { initial = 200ms, max = 2s }";

    [Fact]
    public async Task A_receiver_killed_and_restarted_ten_times_at_random_moments_of_a_transfer_costs_retries_never_the_run()
    {
        const int seed = 20261205;
        var random = new Random(seed);
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        var receiverConfig = env.WriteReceiverConfig();
        await env.StartReceiverAsync(receiverConfig);
        var config = env.WriteClientConfig(chunkSize: "64KiB", extra: $"akkabackup.testing.chunk-delay = 700ms\n{FastRetry}");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        await env.WaitForPartBytesAsync(2 * 64 * 1024);
        var moments = new List<string>();
        for (var cycle = 1; cycle <= 10; cycle++)
        {
            Assert.False(backup.HasExited, $"the run ended after {cycle - 1} of 10 receiver restarts (seed {seed}):\n{backup.Output}");
            env.Receiver!.Kill();
            var down = TimeSpan.FromMilliseconds(random.Next(200, 1500));
            await Task.Delay(down);
            await env.StartReceiverAsync(receiverConfig);

            // Right after a start the client is often in the middle of its TLS handshake with the new receiver.
            var up = TimeSpan.FromMilliseconds(random.Next(0, 2500));
            moments.Add($"down {down.TotalMilliseconds:0} ms, up {up.TotalMilliseconds:0} ms");
            await Task.Delay(up);
        }

        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(5));

        Assert.True(code == 0, $"backup exited {code} (seed {seed}, {string.Join("; ", moments)}):\n{backup.Output}\n{env.Logs()}");
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(report.GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.Equal(Checks.Manifest(stored).GetProperty("sha256").GetString(), Checks.Sha256(stored));
        await Checks.UnzipTestPassesAsync(stored);
        Assert.True(await env.Db.AnswersAsync());
        Assert.False(File.Exists(env.StagedArchive));
    }

    [Fact]
    public async Task Handshakes_cut_mid_transfer_while_the_server_is_down_cost_retries_and_the_run_completes()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await using var control = new TcpCutProxy(env.ReceiverPort);
        await using var data = new TcpCutProxy(env.DataPort);
        await env.StartReceiverAsync(env.WriteReceiverConfig(
            $"akka.remote.dot-netty.tcp.public-port = {control.Port}\nakkabackup.receiver.data-plane.public-port = {data.Port}"));
        var config = env.WriteClientConfig(chunkSize: "64KiB", receiverPort: control.Port, extra: $"akkabackup.testing.chunk-delay = 150ms\n{FastRetry}");

        // restart-after = transfer (the default): the server stays down until every chunk is on the receiver.
        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        await env.WaitForPartBytesAsync(8 * 64 * 1024);
        var before = (control.Connections, data.Connections);
        foreach (var bytes in new long[] { 0, 300, 1200, 2600 })
        {
            // Every new connection dies after this many bytes: inside the TLS handshake, at a different step each time.
            control.CloseAfterBytes = bytes;
            data.CloseAfterBytes = bytes;
            control.Cut(TimeSpan.Zero);
            data.Cut(TimeSpan.Zero);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(await env.Db.AnswersAsync(), "the server must still be down: this is the transfer of a cold backup");
        }

        control.CloseAfterBytes = null;
        data.CloseAfterBytes = null;
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}\n{env.Logs()}");
        Assert.True(control.Connections + data.Connections - before.Item1 - before.Item2 >= 4, "the client must have tried again while the handshakes were cut");
        var stored = Assert.Single(env.StoredArchives());
        Assert.Equal(JsonDocument.Parse(backup.Stdout).RootElement.GetProperty("sha256").GetString(), Checks.Sha256(stored));
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task A_receiver_unreachable_in_pre_flight_because_its_handshakes_are_cut_fails_the_run_not_the_node_and_the_next_run_succeeds()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 200);
        await using var control = new TcpCutProxy(env.ReceiverPort) { CloseAfterBytes = 700 };
        await using var console = await ConsoleNode.StartAsync(env, receiverPort: control.Port,
            receiverExtra: $"akka.remote.dot-netty.tcp.public-port = {control.Port}");
        var pid = env.Db.Pid;

        var (failed, first) = await console.AbkAsync("backup", "run", "--instance", "main", "--watch");

        Assert.Equal(1, failed);
        Assert.Contains("pre-flight failed, the server was not touched", first.Output);
        Assert.Contains("did not answer within 10 s", first.Output);
        Assert.Equal(pid, env.Db.Pid);
        Assert.False(console.Node.HasExited, "a cut handshake must not stop the client node");

        control.CloseAfterBytes = null;
        var (succeeded, second) = await console.AbkAsync("backup", "run", "--instance", "main", "--watch");
        Assert.True(succeeded == 0, $"{second.Output}\n{env.Logs()}");
        Assert.Single(env.StoredArchives());
    }

    [Fact]
    public async Task A_receiver_that_stops_admitting_the_client_after_the_stop_costs_the_transfer_not_the_database_and_says_why()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        await env.StartReceiverAsync();
        var config = env.WriteClientConfig(chunkSize: "64KiB",
            extra: "akkabackup.testing.chunk-delay = 150ms\nakkabackup.client.retry { initial = 200ms, max = 1s, deadline = 6s }");

        var backup = NodeProcess.Start(env.Root, "backup", "--config", config);
        await env.WaitForPartBytesAsync(4 * 64 * 1024);

        // The receiver comes back without client-1 in its allowed-clients: every handshake of client-1 is refused now.
        env.Receiver!.Kill();
        await env.StartReceiverAsync(env.WriteReceiverConfig("akkabackup.receiver.allowed-clients = [\"client-9\"]"));
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        Assert.Contains("does not admit this certificate", backup.Output + env.Logs());
        Assert.Contains("Data.zip", backup.Output);
        Assert.True(File.Exists(env.StagedArchive), "the sealed archive is kept for a retry");
        Assert.True(await env.Db.AnswersAsync(), "the server must be started again");
        Assert.False(env.Receiver.HasExited);
    }
}
