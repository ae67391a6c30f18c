using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Security;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;

namespace AkkaBackup.Receiver.DataPlane;

/// <summary><c>/user/data-plane</c>: owns the data-plane TCP listener and its sessions for the node's lifetime.</summary>
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

    /// <param name="listener">Already bound and started by the host, so a port in use fails the node at start with a clear error.</param>
    /// <param name="nodeName">Names this receiver in the alert a full store raises.</param>
    public DataPlaneListener(TcpListener listener, TlsIdentity identity, PeerCertificateValidator validator, IActorRef gateway, ReceiverLimits limits, string nodeName)
    {
        _limits = limits;
        _limiter = new BandwidthLimiter(limits);
        _storeFull = new StoreFullReport(nodeName, Context.System.EventStream);
        _listener = listener;
        _identity = identity;
        _validator = validator;
        _gateway = gateway;
    }

    public static Props Props(TcpListener listener, TlsIdentity identity, PeerCertificateValidator validator, IActorRef gateway, ReceiverLimits limits, string nodeName) =>
        Akka.Actor.Props.Create(() => new DataPlaneListener(listener, identity, validator, gateway, limits, nodeName));

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
        while (!ct.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            tcp.NoDelay = true;
            var session = new DataPlaneSession(tcp, _identity, _validator, _gateway, _limiter, _log, _storeFull);
            _ = Task.Run(() => session.RunAsync(ct), ct);
        }
    }

    private static string Rate(long bytesPerSecond) => bytesPerSecond > 0 ? $"{bytesPerSecond / 1e6:0.#} MB/s" : "off";
}
