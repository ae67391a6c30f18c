using System.Net.Security;
using System.Net.Sockets;
using AkkaBackup.Core.Security;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Every failure path of a run, against a real server and real processes: the server is never left down by us.</summary>
public sealed class FailurePathTests
{
    [Fact]
    public async Task A_failing_stop_command_aborts_the_run_and_the_server_keeps_running()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(stopCommand: "echo refusing to stop >&2; exit 3"));

        Assert.Equal(1, code);
        Assert.Contains("stop command", run.Output);
        Assert.Contains("exited with code 3", run.Output);
        Assert.Contains("refusing to stop", env.Logs());
        Assert.True(await env.Db.AnswersAsync());
        Assert.Empty(env.StoredArchives());
        Assert.False(File.Exists(env.StagedArchive));
    }

    [Fact]
    public async Task A_stop_command_that_lies_archives_nothing_and_the_server_keeps_running()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(stopCommand: "true", stopTimeout: "3s"));

        Assert.Equal(1, code);
        Assert.Contains("reported success but the server is not down", run.Output);
        Assert.True(env.Db.IsProcessRunning());
        Assert.True(await env.Db.AnswersAsync());
        Assert.Empty(env.StoredArchives());
        Assert.False(File.Exists(env.StagedArchive), "nothing may be archived from a running server");
    }

    [Fact]
    public async Task A_receiver_that_is_down_fails_preflight_and_the_server_is_never_stopped()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var marker = Path.Combine(env.Root, "stop-was-called");

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(stopCommand: $"touch {marker}; {env.Db.StopCommand}"));

        Assert.Equal(1, code);
        Assert.Contains("Preflight", run.Output);
        Assert.Contains("did not answer", run.Output);
        Assert.False(File.Exists(marker), "the stop command must never run when pre-flight fails");
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task A_data_plane_it_cannot_reach_fails_preflight_and_the_receiver_has_dropped_the_transfer_when_the_run_ends()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var closed = FreePort.Next();
        await env.StartReceiverAsync(env.WriteReceiverConfig(extra: $"akkabackup.receiver.data-plane.public-port = {closed}"));
        var marker = Path.Combine(env.Root, "stop-was-called");

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(stopCommand: $"touch {marker}; {env.Db.StopCommand}"));

        Assert.Equal(1, code);
        Assert.Contains("Preflight", run.Output);
        Assert.Contains($"data connection to 127.0.0.1:{closed} failed", run.Output);
        Assert.False(File.Exists(marker), "the stop command must never run when pre-flight fails");
        Assert.True(await env.Db.AnswersAsync());
        Assert.Empty(env.PartFiles());
        Assert.Empty(env.StoredArchives());
    }

    [Fact]
    public async Task A_failing_start_command_reports_exactly_what_to_run_by_hand()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await env.StartReceiverAsync();

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(startCommand: "echo no way >&2; exit 4"));

        try
        {
            Assert.Equal(3, code);
            Assert.Contains("THE SERVER COULD NOT BE STARTED", run.Output);
            Assert.Contains("Start it by hand:", run.Stdout);
            Assert.Contains("exit 4", run.Stdout);
            Assert.Contains($"--port={env.Db.Port}", run.Stdout);
            Assert.False(await env.Db.AnswersAsync());
        }
        finally
        {
            await env.Db.StartAsync();
        }

        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task A_client_without_a_valid_certificate_cannot_connect()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await env.StartReceiverAsync();
        var marker = Path.Combine(env.Root, "stop-was-called");

        // Signed by another CA, with the right name: refused on the control plane, the server untouched.
        var foreign = env.WriteClientConfig(certificate: "other-ca/client-1.pfx", stopCommand: $"touch {marker}; {env.Db.StopCommand}");
        var (code, run) = await env.BackupAsync(foreign);

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");
        Assert.Contains("Preflight", run.Output);
        Assert.False(File.Exists(marker));
        Assert.True(await env.Db.AnswersAsync());

        // Signed by our CA but not an allowed client: refused too.
        var stranger = env.WriteClientConfig(certificate: "certs/stranger.pfx", nodeName: "stranger", stopCommand: $"touch {marker}; {env.Db.StopCommand}");
        var (strangerCode, strangerRun) = await env.BackupAsync(stranger);
        Assert.True(strangerCode == 1, $"backup exited {strangerCode}:\n{strangerRun.Output}");
        Assert.Contains("Preflight", strangerRun.Output);
        Assert.False(File.Exists(marker));

        // The data plane refuses the foreign certificate at the TLS handshake.
        var identity = new TlsIdentity(
            CertificateAuthority.LoadPfx(Path.Combine(env.Root, "other-ca", "client-1.pfx"), BackupEnvironment.Password),
            CertificateAuthority.LoadCaCertificate(Path.Combine(env.Certs, "ca.crt")));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", env.DataPort);
        var validator = new PeerCertificateValidator(identity.TrustedCa, ["receiver"]);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var (stream, _) = await TlsStreams.AuthenticateAsClientAsync(tcp.GetStream(), "127.0.0.1", identity, validator, CancellationToken.None);
            await using (stream)
            {
                // TLS 1.3 reports a refused client certificate on the first read, not in the handshake.
                var buffer = new byte[1];
                var read = await stream.ReadAsync(buffer);
                Assert.Fail($"the receiver accepted a foreign client certificate (read {read} bytes)");
            }
        });
        // The receiver logs the refusal: Akka.Remote's validator, or the data-plane session that ended at the handshake.
        Assert.True(
            env.Receiver!.Output.Contains("Refused TLS peer", StringComparison.Ordinal) || env.Logs().Contains("Data-plane connection from", StringComparison.Ordinal),
            env.Receiver.Output);
    }
}
