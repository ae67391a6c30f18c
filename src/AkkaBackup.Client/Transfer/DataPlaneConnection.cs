using System.Net.Security;
using System.Net.Sockets;
using AkkaBackup.Core.Security;
using AkkaBackup.Protocol.DataPlane;

namespace AkkaBackup.Client.Transfer;

/// <summary>The client end of the data plane: a mutual-TLS stream bound to one transfer by the Hello handshake.</summary>
public sealed class DataPlaneConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private DataPlaneConnection(TcpClient tcp, SslStream stream, int chunkSize)
    {
        _tcp = tcp;
        Stream = stream;
        ChunkSize = chunkSize;
    }

    public SslStream Stream { get; }

    public int ChunkSize { get; }

    public static async Task<DataPlaneConnection> OpenAsync(
        string host, int port, string transferId, TlsIdentity identity, PeerCertificateValidator validator, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, deadline.Token);
            var (stream, _) = await TlsStreams.AuthenticateAsClientAsync(tcp.GetStream(), host, identity, validator, deadline.Token);
            await DataFrameCodec.WriteAsync(stream, new Hello(Hello.CurrentVersion, transferId), deadline.Token);
            var answer = await DataFrameCodec.ReadAsync(stream, 0, deadline.Token);
            return answer switch
            {
                HelloAccepted accepted => new DataPlaneConnection(tcp, stream, accepted.ChunkSize),
                HelloRefused refused => throw new TransferException($"receiver refused the data connection for transfer {transferId}: {refused.Reason}"),
                null => throw new TransferException($"receiver closed the data connection for transfer {transferId} during the handshake"),
                _ => throw new TransferException($"receiver answered the data-plane Hello with {answer.GetType().Name}"),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new TransferException($"data connection to {host}:{port} not established within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            tcp.Dispose();
            throw new TransferException($"data connection to {host}:{port} failed: {e.Message}", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }
}
