using System.Net.Sockets;

namespace AkkaBackup.Core.Net;

/// <summary>
/// Accepts connections until cancelled. An error of the listener itself (out of file descriptors, say) is logged
/// and accepting goes on after a pause that doubles up to 5 s: it never ends the loop.
/// </summary>
public static class AcceptLoop
{
    public static async Task RunAsync(TcpListener listener, Action<Socket> accepted, Action<string> warn, CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(50);
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(ct);
                pause = TimeSpan.FromMilliseconds(50);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                warn($"accepting a connection on {listener.LocalEndpoint} failed ({e.Message}); accepting again in {pause.TotalMilliseconds:0} ms");
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

            accepted(socket);
        }
    }
}
