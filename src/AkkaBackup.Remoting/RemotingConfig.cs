using Akka.Configuration;

namespace AkkaBackup.Remoting;

/// <summary>
/// Akka.Remote settings every AkkaBackup actor system runs with: <see cref="TlsTransport"/> in place of DotNetty,
/// untrusted mode (no actor selection, no remote deployment, no PoisonPill) and Akka's JSON serializer replaced by
/// <see cref="RefusingSerializer"/>. Nodes put these last and first: their own HOCON cannot turn them off.
/// </summary>
public static class RemotingConfig
{
    /// <summary>The actor system name of every node, part of its Akka.Remote address: <c>akka.ssl.tcp://akkabackup@host:port</c>.</summary>
    public const string SystemName = "akkabackup";

    public static Config Hocon { get; } = ConfigurationFactory.ParseString($$"""
        akka {
          actor {
            provider = remote
            serializers.json = "{{typeof(RefusingSerializer).AssemblyQualifiedName}}"
          }
          remote {
            enabled-transports = ["akka.remote.dot-netty.tcp"]
            dot-netty.tcp.transport-class = "{{typeof(TlsTransport).AssemblyQualifiedName}}"
            untrusted-mode = on
            trusted-selection-paths = []
          }
        }
        """);
}
