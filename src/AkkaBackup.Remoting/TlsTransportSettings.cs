using Akka.Configuration;
using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Remoting;

/// <summary>
/// The transport's settings: where it listens and what it advertises from Akka.Remote's own section
/// (<c>akka.remote.dot-netty.tcp</c>: hostname, port, public-hostname, public-port, maximum-frame-size,
/// connection-timeout), its limits from <c>akkabackup.remoting</c>.
/// </summary>
public sealed record TlsTransportSettings(
    string Hostname,
    int Port,
    string PublicHostname,
    int PublicPort,
    int MaximumFrameSize,
    TimeSpan ConnectionTimeout,
    TimeSpan HandshakeTimeout,
    int MaxConnections,
    int MaxConnectionsPerPeer,
    int MaxPendingHandshakes,
    int MaxPendingPerAddress,
    long MaxQueuedBytes,
    TimeSpan StalledWriteTimeout)
{
    /// <param name="transport">Akka.Remote's section, with Akka's own defaults.</param>
    /// <param name="root">The node's configuration, with reference.hocon's <c>akkabackup.remoting</c>.</param>
    public static TlsTransportSettings Read(Config transport, Config root)
    {
        var t = new HoconSection(transport, "akka.remote.dot-netty.tcp");
        var hostname = t.String("hostname");
        var limits = HoconSection.Of(root, "akkabackup.remoting");
        return new TlsTransportSettings(
            string.IsNullOrWhiteSpace(hostname) ? "127.0.0.1" : hostname,
            t.PortOrZero("port"),
            t.String("public-hostname"),
            t.PortOrZero("public-port"),
            (int)Math.Clamp(t.ByteSize("maximum-frame-size"), 32 * 1024, 64L * 1024 * 1024),
            t.Duration("connection-timeout"),
            limits.PositiveDuration("handshake-timeout"),
            limits.PositiveInt("max-connections"),
            limits.PositiveInt("max-connections-per-peer"),
            limits.PositiveInt("max-pending-handshakes"),
            limits.PositiveInt("max-pending-per-address"),
            limits.ByteSize("max-queued-bytes", 1),
            limits.PositiveDuration("stalled-write-timeout"));
    }
}
