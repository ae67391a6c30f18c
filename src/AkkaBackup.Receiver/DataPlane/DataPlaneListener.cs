using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Net;
using AkkaBackup.Core.Security;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Receiver.Limits;

namespace AkkaBackup.Receiver.DataPlane;

/// <summary>
/// <c>/user/data-plane</c>: owns the data-plane TCP listener and its sessions for the node's lifetime. Connections
/// over <c>data-plane.max-sessions</c> are closed at accept; an error of the listener itself (out of file
/// descriptors, say) is logged and accepting goes on after a pause.
/// </summary>
public sealed class DataPlaneListener : ReceiveActor
{
    public const string Name = "data-plane";

    private readonly TlsIdentity _identity;
    private readonly PeerCertificateValidator _validator;
    private readonly IActorRef _gateway;
    private readonly BandwidthLimiter _limiter;
    private readonly ReceiverLimits _limits;
    private readonly StoreFullReport _storeFull;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _listener;
    private readonly DataPlaneLimits _sessionLimits;
    private readonly ByteBudget _budget;
    private readonly SessionCounter _sessions;
    private DateTimeOffset _lastRefusalLog;

    /// <param name="listener">Already bound and started by the host, so a port in use fails the node at start with a clear error.</param>
    /// <param name="nodeName">Names this receiver in the alert a full store raises.</param>
    public DataPlaneListener(TcpListener listener, TlsIdentity identity, PeerCertificateValidator validator, IActorRef gateway, ReceiverLimits limits, DataPlaneLimits sessionLimits, string nodeName)
    {
        _sessionLimits = sessionLimits;
        _budget = new ByteBudget(sessionLimits.MaxBufferedBytes);
        _sessions = new SessionCounter(sessionLimits.MaxSessions, sessionLimits.MaxSessionsPerClient);
        _limits = limits;
        _limiter = new BandwidthLimiter(limits);
        _storeFull = new StoreFullReport(nodeName, Context.System.EventStream);
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
        _ = AcceptLoopAsync(_listener, _stop.Token);
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(50);
        while (!ct.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await listener.AcceptTcpClientAsync(ct);
                pause = TimeSpan.FromMilliseconds(50);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Warning("Accepting a data-plane connection failed ({0}); accepting again in {1} ms", e.Message, pause.TotalMilliseconds);
                try
                {
                    await Task.Delay(pause, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                continue;
            }

            if (!_sessions.TryAccept())
            {
                RefusedForLoad(tcp.Client.RemoteEndPoint);
                tcp.Dispose();
                continue;
            }

            tcp.NoDelay = true;
            KeepAlive.Apply(tcp.Client);
            var session = new DataPlaneSession(tcp, _identity, _validator, _gateway, _limiter, _log, _storeFull, _sessionLimits, _budget, _sessions);
            _ = Task.Run(() => session.RunAsync(ct), ct);
        }
    }

    private void RefusedForLoad(EndPoint? remote)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastRefusalLog > TimeSpan.FromSeconds(10))
        {
            _lastRefusalLog = now;
            _log.Warning("Refused a data-plane connection from {0}: {1} are open (data-plane.max-sessions)", remote, _sessionLimits.MaxSessions);
        }
    }

    private static string Rate(long bytesPerSecond) => bytesPerSecond > 0 ? $"{bytesPerSecond / 1e6:0.#} MB/s" : "off";
}
