using System.Security.Cryptography;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.Remoting;
using AkkaBackup.Remoting.Firewall;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Cmd;

/// <summary>
/// The console's own actor system: Akka.Remote over AkkaBackup's transport under the console's certificate (it
/// accepts no connections, dials the node it is pointed at, takes only console answers from it), and the console
/// serializer.
/// </summary>
public sealed class ConsoleSystem : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly TlsIdentity _identity;
    private readonly ConnectionFailures _failures;

    private ConsoleSystem(ActorSystem system, TlsIdentity identity, ConnectionFailures failures)
    {
        _system = system;
        _identity = identity;
        _failures = failures;
    }

    /// <summary>Where the console's settings are: <c>--config</c>, else <c>$ABK_CONFIG</c>, else <c>~/.config/akkabackup/abk.hocon</c>.</summary>
    public static string ConfigPath(string? option) =>
        option ?? Environment.GetEnvironmentVariable("ABK_CONFIG")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "akkabackup", "abk.hocon");

    public static ConsoleSystem Start(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new ConfigurationException(
                $"the console's configuration {configPath} is missing: it names this console's certificate (akkabackup.node-name, akkabackup.tls); see README, section Console");
        }

        // Over reference.hocon, like a node's file: its TLS keys and akkabackup.remoting, and no unknown keys.
        var config = ReferenceConfiguration.Over(ConfigurationFactory.ParseString(File.ReadAllText(configPath)).WithFallback(Defaults));
        var name = NodeNames.Of(config);
        var identity = TlsConfig.Load(config, Path.GetDirectoryName(Path.GetFullPath(configPath))!, name);

        // Any node of the CA may answer; which node did is the CN on its certificate, and requests are signed for it.
        var transport = new TlsTransportSetup(identity, new RemotingPolicy(Inbound: _ => null, Outbound: _ => new OutboundPeer(null, ProtocolRules.ConsoleAnswers)));
        var setup = BootstrapSetup.Create().WithConfig(RemotingConfig.Hocon.WithFallback(config)).And(transport);
        return new ConsoleSystem(ActorSystem.Create("abk", setup), identity, transport.Failures);
    }

    /// <summary>Runs one command on the node at <paramref name="hostPort"/>; returns its exit code.</summary>
    public async Task<int> RunAsync(string hostPort, IReadOnlyList<string> words)
    {
        var endpoint = ((ExtendedActorSystem)_system).Provider.ResolveActorRef($"akka.ssl.tcp://{RemotingConfig.SystemName}@{hostPort}/user/console");
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorOf(ConsoleSession.Props(endpoint, hostPort, node => Signed(words, node), _failures, done));
        return await done.Task;
    }

    /// <summary>
    /// The request signed with this console's certificate key for <paramref name="node"/>, the CN the transport saw on
    /// the certificate of the node that answered: the node runs it only for an allowed console, and no other node does.
    /// </summary>
    private ConsoleRequest Signed(IReadOnlyList<string> words, string node)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issued = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var signature = RequestSignature.Sign(_identity.Certificate, RequestSignature.Payload(words, id, issued, node));
        return new ConsoleRequest(words, id, issued, node, _identity.Certificate.RawData, signature);
    }

    public async ValueTask DisposeAsync()
    {
        // Akka says goodbye on stdout; the command's output is already written.
        Console.SetOut(TextWriter.Null);
        await _system.Terminate();
    }

    private static readonly Config Defaults = ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = ERROR
          stdout-loglevel = ERROR
          actor {
            serializers.console = "{{typeof(ConsoleSerializer).AssemblyQualifiedName}}"
            serialization-bindings { "{{typeof(IConsoleMessage).AssemblyQualifiedName}}" = console }
            serialization-identifiers { "{{typeof(ConsoleSerializer).AssemblyQualifiedName}}" = {{ConsoleSerializer.SerializerId}} }
          }
        }
        """);
}
