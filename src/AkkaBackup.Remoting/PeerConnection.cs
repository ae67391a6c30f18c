using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Event;
using Akka.Remote.Transport;
using AkkaBackup.Remoting.Firewall;
using Google.Protobuf;

namespace AkkaBackup.Remoting;

/// <summary>
/// One authenticated TLS connection carrying one Akka.Remote association: frames of a 4-byte little-endian
/// length and an Akka PDU (the framing of Akka's own DotNetty transport, so stock Akka.NET nodes interoperate).
/// Writes go through a queue bounded in bytes to a single writer; a peer that stops reading, so that the queue
/// stays full for <c>stalled-write-timeout</c>, is disconnected (Akka would otherwise keep what it cannot
/// write, without bound). A single reader checks every frame with the connection's <see cref="InboundFirewall"/>
/// before Akka sees it, and lets at most <see cref="MessagesPerSecond"/> through on average (a burst of
/// <see cref="MessageBurst"/>): the control plane speaks a few messages a second. Any error closes the connection
/// and Akka hears <see cref="Disassociated"/>: a connection never takes the node down.
/// </summary>
internal sealed class PeerConnection
{
    public const int MessagesPerSecond = 100;
    public const int MessageBurst = 500;

    private readonly Socket _socket;
    private readonly SslStream _stream;
    private readonly InboundFirewall _firewall;
    private readonly TlsTransportSettings _settings;
    private readonly ILoggingAdapter _log;
    private readonly Action<PeerConnection, string> _onClosed;
    private readonly Channel<ByteString> _outbox = Channel.CreateUnbounded<ByteString>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly HashSet<string> _refusalsLogged = [];
    private readonly Stopwatch _sinceRefill = Stopwatch.StartNew();
    private double _allowance = MessageBurst;
    private long _queuedBytes;
    private long _fullSince = -1;
    private int _closed;
    private long _framesReceived;
    private long _dropped;

    public PeerConnection(Socket socket, SslStream stream, string peerName, bool outbound, string remoteEndpoint, InboundFirewall firewall,
        TlsTransportSettings settings, ILoggingAdapter log, Action<PeerConnection, string> onClosed)
    {
        _socket = socket;
        _stream = stream;
        PeerName = peerName;
        Outbound = outbound;
        RemoteEndpoint = remoteEndpoint;
        _firewall = firewall;
        _settings = settings;
        _log = log;
        _onClosed = onClosed;
        _ = WriteLoopAsync();
    }

    public string PeerName { get; }

    public bool Outbound { get; }

    public string RemoteEndpoint { get; }

    public bool ReceivedAnything => Interlocked.Read(ref _framesReceived) > 0;

    /// <summary>Queues a frame; false when the connection is closed or its queue is full (Akka retries later).</summary>
    public bool Write(ByteString payload)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        if (Interlocked.Add(ref _queuedBytes, payload.Length) > _settings.MaxQueuedBytes && payload.Length < _settings.MaxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -payload.Length);
            var now = Environment.TickCount64;
            var since = Interlocked.CompareExchange(ref _fullSince, now, -1);
            if (since >= 0 && now - since > _settings.StalledWriteTimeout.TotalMilliseconds)
            {
                _log.Warning("Closing the connection with {0} ({1}): it has not read what this node sent for {2} s", PeerName, RemoteEndpoint, _settings.StalledWriteTimeout.TotalSeconds);
                Close("the peer stopped reading");
            }

            return false;
        }

        Interlocked.Exchange(ref _fullSince, -1);
        return _outbox.Writer.TryWrite(payload);
    }

    /// <summary>Starts reading once Akka registered its listener for this association.</summary>
    public void StartReading(Task<IHandleEventListener> listener) =>
        listener.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                _ = ReadLoopAsync(t.Result);
            }
            else
            {
                Close("Akka did not take the association");
            }
        }, TaskScheduler.Default);

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        if (_dropped > 0)
        {
            _log.Warning("Connection with {0} ({1}) closed; {2} message(s) it sent were refused", PeerName, RemoteEndpoint, _dropped);
        }

        _onClosed(this, reason);
    }

    private async Task ReadLoopAsync(IHandleEventListener listener)
    {
        var reason = "closed by the peer";
        try
        {
            var header = new byte[4];
            while (!_closing.IsCancellationRequested)
            {
                if (!await ReadHeaderAsync(header))
                {
                    break;
                }

                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                if (length <= 0 || length > _settings.MaximumFrameSize)
                {
                    reason = $"a frame of {length} bytes (maximum-frame-size {_settings.MaximumFrameSize})";
                    _log.Warning("Closing the connection with {0} ({1}): it sent {2}", PeerName, RemoteEndpoint, reason);
                    break;
                }

                var frame = new byte[length];
                await _stream.ReadExactlyAsync(frame, _closing.Token);
                Interlocked.Increment(ref _framesReceived);
                var verdict = WithinRate() ? _firewall.Inspect(frame) : FirewallVerdict.Drop("rate", $"more than {MessagesPerSecond} messages a second");
                switch (verdict.Action)
                {
                    case FirewallAction.Pass:
                        listener.Notify(new InboundPayload(ByteString.CopyFrom(verdict.Frame)));
                        break;
                    case FirewallAction.Ignore:
                        break;
                    case FirewallAction.Drop:
                        _dropped++;
                        if (_refusalsLogged.Count < 64 && _refusalsLogged.Add(verdict.Key))
                        {
                            _log.Warning("Refused from {0} ({1}): {2}", PeerName, RemoteEndpoint, verdict.Reason);
                        }

                        break;
                    default:
                        reason = verdict.Reason;
                        _log.Warning("Closing the connection with {0} ({1}): it sent {2}", PeerName, RemoteEndpoint, verdict.Reason);
                        return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            reason = e.Message;
        }
        finally
        {
            Close(reason);
            _firewall.Closed();

            // "Shutdown", as Akka's own transport says for a reset: Akka then drops its endpoint for the peer's address
            // instead of keeping it to dial back later. A receiver never dials; with the endpoint gone, the peer's next
            // connection becomes the way back to it.
            listener.Notify(new Disassociated(DisassociateInfo.Shutdown));
        }
    }

    /// <summary>A token bucket of frames: refilled at <see cref="MessagesPerSecond"/>, holding at most <see cref="MessageBurst"/>.</summary>
    private bool WithinRate()
    {
        _allowance = Math.Min(MessageBurst, _allowance + _sinceRefill.Elapsed.TotalSeconds * MessagesPerSecond);
        _sinceRefill.Restart();
        if (_allowance < 1)
        {
            return false;
        }

        _allowance--;
        return true;
    }

    /// <summary>False on a clean end of the stream before a frame starts.</summary>
    private async Task<bool> ReadHeaderAsync(byte[] header)
    {
        var first = await _stream.ReadAsync(header.AsMemory(0, 1), _closing.Token);
        if (first == 0)
        {
            return false;
        }

        await _stream.ReadExactlyAsync(header.AsMemory(1, 3), _closing.Token);
        return true;
    }

    private async Task WriteLoopAsync()
    {
        var header = new byte[4];
        try
        {
            await using var buffered = new BufferedStream(_stream, 64 * 1024);
            while (await _outbox.Reader.WaitToReadAsync(_closing.Token))
            {
                while (_outbox.Reader.TryRead(out var payload))
                {
                    Interlocked.Add(ref _queuedBytes, -payload.Length);
                    BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
                    await buffered.WriteAsync(header, _closing.Token);
                    await buffered.WriteAsync(payload.Memory, _closing.Token);
                }

                await buffered.FlushAsync(_closing.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            Close($"writing failed: {e.Message}");
        }
    }
}
