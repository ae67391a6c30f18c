using Akka.Configuration;

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
    public static TlsTransportSettings Read(Config transport, Config root)
    {
        var hostname = transport.GetString("hostname", "127.0.0.1");
        if (string.IsNullOrWhiteSpace(hostname))
        {
            hostname = "127.0.0.1";
        }

        var frame = transport.GetByteSize("maximum-frame-size", 128000) ?? 128000;
        var limits = root.GetConfig("akkabackup.remoting") ?? Config.Empty;
        var settings = new TlsTransportSettings(
            hostname,
            transport.GetInt("port", 0),
            transport.GetString("public-hostname", ""),
            transport.GetInt("public-port", 0),
            (int)Math.Clamp(frame, 32 * 1024, 64L * 1024 * 1024),
            transport.GetTimeSpan("connection-timeout", TimeSpan.FromSeconds(15)),
            limits.GetTimeSpan("handshake-timeout", TimeSpan.FromSeconds(10)),
            limits.GetInt("max-connections", 256),
            limits.GetInt("max-connections-per-peer", 8),
            limits.GetInt("max-pending-handshakes", 32),
            limits.GetInt("max-pending-per-address", 8),
            limits.GetByteSize("max-queued-bytes", 16 * 1024 * 1024) ?? 16 * 1024 * 1024,
            limits.GetTimeSpan("stalled-write-timeout", TimeSpan.FromSeconds(30)));
        return settings.Port is < 0 or > 65535 || settings.PublicPort is < 0 or > 65535
            ? throw new ConfigurationException($"akka.remote.dot-netty.tcp: port {settings.Port} / public-port {settings.PublicPort} is outside 0..65535")
            : settings;
    }
}
