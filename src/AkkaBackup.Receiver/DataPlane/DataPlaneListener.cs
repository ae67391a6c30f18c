using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Net;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;

namespace AkkaBackup.Receiver.DataPlane;

/// <summary>
/// <c>/user/data-plane</c>: owns the data-plane TCP listener and its sessions for the node's lifetime. Connections
/// over the limits (<c>data-plane.max-sessions</c>, handshakes under way from one address, a client's
/// <c>max-sessions-per-client</c>) are closed at once; an error of the listener itself (out of file descriptors,
/// say) is logged and accepting goes on after a pause. Sessions read chunk bytes against one memory budget per
/// client inside one for all.
/// </summary>
public sealed class DataPlaneListener : ReceiveActor
{
    public const string Name = "data-plane";

    private readonly TlsIdentity _identity;
    private readonly PeerCertificateValidator _validator;
    private readonly IActorRef _gateway;
    private readonly BandwidthLimiter _limiter;
    private readonly ReceiverLimits _limits;
    private readonly DataPlaneLimits _sessionLimits;
    private readonly StoreFullReport _storeFull;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _listener;
    private readonly ConnectionLimits _connections;
    private readonly ByteBudget _budget;
    private readonly ConcurrentDictionary<string, ByteBudget> _clientBudgets = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRefusalLog;

    /// <param name="listener">Already bound and started by the host, so a port in use fails the node at start with a clear error.</param>
    /// <param name="nodeName">Names this receiver in the alert a full store raises.</param>
    public DataPlaneListener(TcpListener listener, TlsIdentity identity, PeerCertificateValidator validator, IActorRef gateway, ReceiverLimits limits, DataPlaneLimits sessionLimits, string nodeName)
    {
        _limits = limits;
        _sessionLimits = sessionLimits;
        _limiter = new BandwidthLimiter(limits);
        _storeFull = new StoreFullReport(nodeName, Context.System.EventStream);
        _connections = new ConnectionLimits(sessionLimits.MaxSessions, sessionLimits.MaxSessions, sessionLimits.MaxPendingPerAddress, sessionLimits.MaxSessionsPerClient);
        _budget = new ByteBudget(sessionLimits.MaxBufferedBytes);
        _listener = listener;
        _identity = identity;
        _validator = validator;
        _gateway = gateway;
    }

    public static Props Props(TcpListener listener, TlsIdentity identity, PeerCertificateValidator validator, IActorRef gateway, ReceiverLimits limits, DataPlaneLimits sessionLimits, string nodeName) =>
        Akka.Actor.Props.Create(() => new DataPlaneListener(listener, identity, validator, gateway, limits, sessionLimits, nodeName));

    /// <summary>Binds the data-plane port; throws naming the address when it cannot.</summary>
    public static TcpListener Bind(ReceiverSettings settings)
    {
        var listener = new TcpListener(IPAddress.Parse(settings.DataPlaneHost), settings.DataPlanePort);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException e)
        {
            throw new AkkaBackup.Core.Configuration.ConfigurationException(
                $"akkabackup.receiver.data-plane: cannot listen on {settings.DataPlaneHost}:{settings.DataPlanePort}: {e.Message}");
        }
    }

    protected override void PreStart()
    {
        _log.Info("Data plane listening on {0} (mutual TLS); rate limit {1}, per client {2}", _listener.LocalEndpoint, Rate(_limits.RateLimit), Rate(_limits.RateLimitPerClient));
        var log = _log;
        _ = AcceptLoop.RunAsync(_listener, Accepted, message => log.Warning("Data plane: {0}", message), _stop.Token);
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private void Accepted(Socket socket)
    {
        var from = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (_connections.TryOpen(from) is not { } slot)
        {
            RefusedForLoad(socket.RemoteEndPoint);
            socket.Dispose();
            return;
        }

        socket.NoDelay = true;
        KeepAlive.Apply(socket);
        var session = new DataPlaneSession(new TcpClient { Client = socket }, _identity, _validator, _gateway, _limiter, _log, _storeFull, _sessionLimits, ClientBudget, slot);
        _ = Task.Run(() => session.RunAsync(_stop.Token), _stop.Token);
    }

    /// <summary>A client's share of the memory for chunk bytes, inside the share of all.</summary>
    private ByteBudget ClientBudget(string client) => _clientBudgets.GetOrAdd(client, _ => new ByteBudget(_sessionLimits.MaxBufferedBytesPerClient, _budget));

    private void RefusedForLoad(EndPoint? remote)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastRefusalLog > TimeSpan.FromSeconds(10))
        {
            _lastRefusalLog = now;
            _log.Warning("Refused a data-plane connection from {0}: data-plane.max-sessions ({1}) or max-pending-per-address ({2}) reached",
                remote, _sessionLimits.MaxSessions, _sessionLimits.MaxPendingPerAddress);
        }
    }

    private static string Rate(long bytesPerSecond) => bytesPerSecond > 0 ? $"{bytesPerSecond / 1e6:0.#} MB/s" : "off";
}
