using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport;
using AkkaBackup.Core.Net;
using AkkaBackup.Core.Security;
using AkkaBackup.Remoting.Firewall;

namespace AkkaBackup.Remoting;

/// <summary>
/// AkkaBackup's Akka.Remote transport (<c>transport-class</c> of <c>akka.remote.dot-netty.tcp</c>): TCP with
/// mutual TLS through <see cref="System.Net.Security.SslStream"/>, our own certificate checks and an
/// <see cref="InboundFirewall"/> on every connection. It replaces Akka's DotNetty transport because that one
/// shuts the whole actor system down (CoordinatedShutdown, exit code 79) on any client-side TLS handshake
/// failure, which a receiver that restarts mid-handshake causes; here a failed handshake fails one association
/// and Akka retries. Addresses stay <c>akka.ssl.tcp://…</c> and the framing is DotNetty's.
/// </summary>
public sealed class TlsTransport : Transport
{
    private readonly TlsTransportSettings _settings;
    private readonly TlsTransportSetup _setup;
    private readonly ILoggingAdapter _log;
    private readonly TaskCompletionSource<IAssociationEventListener> _listener = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<PeerConnection, byte> _connections = new();
    private readonly OriginBindings _bindings = new();
    private readonly ConnectionLimits _limits;
    private TcpListener? _tcp;
    private Address? _localAddress;
    private Address? _akkaAddress;
    private DateTimeOffset _lastOverloadLog;

    public TlsTransport(ActorSystem system, Config config)
    {
        System = system;
        Config = config;
        var setup = system.Settings.Setup.Get<TlsTransportSetup>();
        _setup = setup.HasValue
            ? setup.Value
            : throw new ConfigurationException($"{nameof(TlsTransport)} needs a {nameof(TlsTransportSetup)} in the actor system's setup (the node's certificate and peer policy)");
        _settings = TlsTransportSettings.Read(config, system.Settings.Config);
        _log = Logging.GetLogger(system, "AkkaBackup.Remoting");
        _limits = new ConnectionLimits(_settings.MaxConnections, _settings.MaxPendingHandshakes, _settings.MaxPendingPerAddress, _settings.MaxConnectionsPerPeer);
        SchemeIdentifier = "ssl.tcp";
        MaximumPayloadBytes = _settings.MaximumFrameSize;
    }

    public override bool IsResponsibleFor(Address remote) => true;

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var ip = IPAddress.TryParse(_settings.Hostname, out var parsed)
            ? parsed
            : (await Dns.GetHostAddressesAsync(_settings.Hostname)).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new ConfigurationException($"akka.remote.dot-netty.tcp.hostname '{_settings.Hostname}' does not resolve to an IPv4 address");
        var tcp = new TcpListener(ip, _settings.Port);
        try
        {
            tcp.Start(backlog: 128);
        }
        catch (SocketException e)
        {
            throw new ConfigurationException($"akka.remote.dot-netty.tcp: cannot listen on {ip}:{_settings.Port}: {e.Message}");
        }

        _tcp = tcp;
        var bound = (IPEndPoint)tcp.LocalEndpoint;
        var host = _settings.PublicHostname.Length > 0 ? _settings.PublicHostname : _settings.Hostname;
        var port = _settings.PublicPort > 0 ? _settings.PublicPort : bound.Port;
        _localAddress = new Address(SchemeIdentifier, System.Name, host, port);
        _akkaAddress = new Address("akka." + SchemeIdentifier, System.Name, host, port);
        var log = _log;
        _ = _listener.Task.ContinueWith(_ => AcceptLoop.RunAsync(tcp, Accepted, message => log.Warning("Akka.Remote: {0}", message), _stopping.Token),
            TaskContinuationOptions.OnlyOnRanToCompletion);
        return (_localAddress, _listener);
    }

    public override async Task<AssociationHandle> Associate(Address remoteAddress)
    {
        var host = remoteAddress.Host ?? "";
        var port = remoteAddress.Port ?? 0;
        var akkaAddress = new Address("akka." + remoteAddress.Protocol, remoteAddress.System, host, port);
        var peer = _setup.Policy.Outbound(akkaAddress);
        if (peer is null || _localAddress is null)
        {
            throw new InvalidAssociationException(
                $"this node does not open connections to {akkaAddress}: it is not one of its receivers (a receiver answers only over connections its peers opened)");
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        KeepAlive.Apply(socket);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(_settings.ConnectionTimeout);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token);
            var validator = new PeerCertificateValidator(_setup.Identity.TrustedCa, peer.ExpectedName is null ? null : [peer.ExpectedName]);
            var (stream, name) = await TlsStreams.AuthenticateAsClientAsync(new NetworkStream(socket, ownsSocket: false), host, _setup.Identity, validator, deadline.Token);
            var firewall = new InboundFirewall(name, _akkaAddress!, peer.Rules, _bindings);
            var connection = new PeerConnection(socket, stream, name, outbound: true, $"{host}:{port}", firewall, _settings, _log, Closed(host, port));
            _connections[connection] = 0;
            var handle = new TlsAssociationHandle(_localAddress, remoteAddress, connection);
            connection.StartReading(handle.ReadHandlerSource.Task);
            _setup.Failures.Clear(host, port);
            return handle;
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            socket.Dispose();
            var reason = e switch
            {
                OperationCanceledException when _stopping.IsCancellationRequested => "the node is stopping",
                OperationCanceledException => $"no TLS connection within connection-timeout {_settings.ConnectionTimeout.TotalSeconds:0.#} s",
                AuthenticationException => e.Message,
                _ => $"cannot connect: {e.Message}",
            };
            _setup.Failures.Record(host, port, reason);
            throw new InvalidAssociationException($"association with {akkaAddress} failed: {reason}");
        }
    }

    public override Task<bool> Shutdown()
    {
        _stopping.Cancel();
        _tcp?.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Close("the node is stopping");
        }

        return Task.FromResult(true);
    }

    private void Accepted(Socket socket)
    {
        var from = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (_limits.TryOpen(from) is not { } slot)
        {
            Overloaded(socket.RemoteEndPoint);
            socket.Dispose();
            return;
        }

        _ = Task.Run(() => AcceptAsync(socket, slot));
    }

    private async Task AcceptAsync(Socket socket, ConnectionLimits.Slot slot)
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        var endpoint = remote?.ToString() ?? "unknown";
        PeerConnection? connection = null;
        try
        {
            socket.NoDelay = true;
            KeepAlive.Apply(socket);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(_settings.HandshakeTimeout);
            var validator = new PeerCertificateValidator(_setup.Identity.TrustedCa, name => _setup.Policy.Inbound(name) is not null, () => "the names this node admits");
            var (stream, name) = await TlsStreams.AuthenticateAsServerAsync(new NetworkStream(socket, ownsSocket: false), _setup.Identity, validator, deadline.Token);
            if (!slot.Authenticated(name))
            {
                _log.Warning("Refused a connection from {0} ({1}): it already has {2} connections (akkabackup.remoting.max-connections-per-peer)", name, endpoint, _limits.MaxPerPeer);
                Refused(remote, $"{name} already has {_limits.MaxPerPeer} connections (akkabackup.remoting.max-connections-per-peer)");
                await stream.DisposeAsync();
                socket.Dispose();
                slot.Dispose();
                return;
            }

            var rules = _setup.Policy.Inbound(name) ?? PeerRules.None;
            var firewall = new InboundFirewall(name, _akkaAddress!, rules, _bindings);
            connection = new PeerConnection(socket, stream, name, outbound: false, endpoint, firewall, _settings, _log, (c, _) =>
            {
                _connections.TryRemove(c, out byte _);
                slot.Dispose();
            });
            _connections[connection] = 0;
            var remoteAddress = new Address(SchemeIdentifier, System.Name, remote?.Address.ToString() ?? "unknown", remote?.Port ?? 0);
            var handle = new TlsAssociationHandle(_localAddress!, remoteAddress, connection);
            connection.StartReading(handle.ReadHandlerSource.Task);
            (await _listener.Task).Notify(new InboundAssociation(handle));
        }
        catch (Exception e)
        {
            if (!_stopping.IsCancellationRequested)
            {
                var reason = e is OperationCanceledException ? $"no TLS handshake within {_settings.HandshakeTimeout.TotalSeconds:0.#} s" : e.Message;
                _log.Warning("Refused TLS peer {0}: {1}", endpoint, reason);
                Refused(remote, "TLS: " + reason);
            }

            connection?.Close(e.Message);
            socket.Dispose();
            slot.Dispose();
        }
    }

    /// <summary>Tells the node (a receiver's fleet catalog) who was turned away and why.</summary>
    private void Refused(IPEndPoint? remote, string reason) =>
        System.EventStream.Publish(new PeerRefused(remote?.Address.ToString() ?? "unknown", reason, DateTimeOffset.UtcNow));

    /// <summary>When an outbound connection closes before the peer said anything, the cause is almost always a refused certificate.</summary>
    private Action<PeerConnection, string> Closed(string host, int port) => (connection, reason) =>
    {
        _connections.TryRemove(connection, out byte _);
        if (!connection.ReceivedAnything && !_stopping.IsCancellationRequested)
        {
            _setup.Failures.Record(host, port,
                $"{connection.PeerName} closed the connection right after the TLS handshake ({reason}): it does not admit this certificate " +
                "(its CN must be listed there: in a receiver's allowed-clients for a client node, in a node's console.allowed for a console)");
        }
    };

    private void Overloaded(EndPoint? remote)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastOverloadLog > TimeSpan.FromSeconds(10))
        {
            _lastOverloadLog = now;
            _log.Warning("Refused a connection from {0}: akkabackup.remoting.max-connections, max-pending-handshakes or max-pending-per-address reached ({1} connections open)",
                remote, _connections.Count);
        }
    }
}
