using System.Text.RegularExpressions;
using AkkaBackup.Core.Security;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>A receiver and a long-running client node with console endpoints, and an <c>abk</c> console allowed to use both.</summary>
public sealed class ConsoleNode : IAsyncDisposable
{
    private ConsoleNode(BackupEnvironment env, NodeProcess node, string config, int port, string abkConfig)
    {
        Env = env;
        Node = node;
        Config = config;
        Port = port;
        AbkConfig = abkConfig;
    }

    public BackupEnvironment Env { get; }

    public NodeProcess Node { get; }

    public string Config { get; }

    public int Port { get; }

    public string AbkConfig { get; }

    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Starts the receiver and a client node (<paramref name="extra"/> HOCON added) with the console "console" allowed.</summary>
    /// <param name="receiverPort">Where the client looks for its receiver; default the real one.</param>
    /// <param name="receiverExtra">HOCON added to the receiver's configuration.</param>
    public static async Task<ConsoleNode> StartAsync(
        BackupEnvironment env, string? stopCommand = null, string extra = "", int? receiverPort = null, string? startCommand = null, string receiverExtra = "", string chunkSize = "1MiB")
    {
        await env.StartReceiverAsync(env.WriteReceiverConfig("akkabackup.console.allowed = [\"console\"]\n" + receiverExtra));
        CertificateAuthority.WriteFiles(env.Certs, "E2E Test CA", ["console"], BackupEnvironment.Password);
        var port = FreePort.Next();
        var config = env.WriteClientConfig(stopCommand: stopCommand, startCommand: startCommand, receiverPort: receiverPort, chunkSize: chunkSize, extra: $"""
            akka.remote.dot-netty.tcp.port = {port}
            akkabackup.console.allowed = ["console"]
            {extra}
            """);
        var abkConfig = Path.Combine(env.Root, "abk.hocon");
        File.WriteAllText(abkConfig, $$"""
            akkabackup {
              node-name = console
              tls { certificate = "{{Path.Combine(env.Certs, "console.pfx")}}", certificate-password = "{{BackupEnvironment.Password}}", ca = "{{Path.Combine(env.Certs, "ca.crt")}}" }
            }
            """);
        var node = NodeProcess.Start(env.Root, "client", "--config", config);
        await node.WaitForOutputAsync("node started; stop it with", TimeSpan.FromMinutes(1));
        return new ConsoleNode(env, node, config, port, abkConfig);
    }

    /// <summary>Runs <c>abk --config … 127.0.0.1:port &lt;words&gt;</c> to completion.</summary>
    public async Task<(int ExitCode, NodeProcess Abk)> AbkAsync(params string[] words)
    {
        var abk = StartAbk(words);
        return (await abk.WaitForExitAsync(TimeSpan.FromMinutes(5)), abk);
    }

    public NodeProcess StartAbk(params string[] words) => StartAbkAt(HostPort, words);

    /// <summary>Starts a run of <paramref name="instance"/> and returns its id; the console must answer "started" or "queued at position n".</summary>
    public async Task<string> StartRunAsync(string instance, string state = "started")
    {
        var (code, run) = await AbkAsync("backup", "run", "--instance", instance);
        Assert.True(code == 0, run.Output);
        var id = Regex.Match(run.Stdout, $@"Run (\S+) of '{instance}' {state}").Groups[1].Value;
        Assert.True(id != "", run.Output);
        return id;
    }

    /// <summary><c>abk</c> with <paramref name="input"/> on its stdin: interactive mode when no words are given.</summary>
    public async Task<(int ExitCode, NodeProcess Abk)> AbkWithInputAsync(string input, params string[] words)
    {
        var abk = NodeProcess.StartProgram(Binaries.AbkDll, Env.Root, ["--config", AbkConfig, HostPort, .. words], input);
        return (await abk.WaitForExitAsync(TimeSpan.FromMinutes(2)), abk);
    }

    /// <summary>Runs <c>abk</c> against the receiver's console endpoint.</summary>
    public async Task<(int ExitCode, NodeProcess Abk)> ReceiverAbkAsync(params string[] words)
    {
        var abk = StartAbkAt($"127.0.0.1:{Env.ReceiverPort}", words);
        return (await abk.WaitForExitAsync(TimeSpan.FromMinutes(2)), abk);
    }

    /// <summary>Runs <c>abk</c> on the client node under another certificate of the test CA, e.g. the receiver's.</summary>
    public async Task<(int ExitCode, NodeProcess Abk)> AbkAsAsync(string certificate, params string[] words)
    {
        var config = Path.Combine(Env.Root, $"abk-{certificate}.hocon");
        File.WriteAllText(config, $$"""
            akkabackup {
              node-name = "{{certificate}}"
              tls { certificate = "{{Path.Combine(Env.Certs, certificate + ".pfx")}}", certificate-password = "{{BackupEnvironment.Password}}", ca = "{{Path.Combine(Env.Certs, "ca.crt")}}" }
            }
            """);
        var abk = NodeProcess.StartProgram(Binaries.AbkDll, Env.Root, ["--config", config, HostPort, .. words]);
        return (await abk.WaitForExitAsync(TimeSpan.FromMinutes(2)), abk);
    }

    private NodeProcess StartAbkAt(string hostPort, string[] words) =>
        NodeProcess.StartProgram(Binaries.AbkDll, Env.Root, ["--config", AbkConfig, hostPort, .. words]);

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
