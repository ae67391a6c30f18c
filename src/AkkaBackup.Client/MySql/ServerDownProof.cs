using System.Diagnostics;
using System.Net.Sockets;

namespace AkkaBackup.Client.MySql;

/// <summary>
/// Proves the server is down from the outside, never on the word of a stop command: its process is gone,
/// its TCP port refuses connections and its Unix socket no longer accepts.
/// </summary>
public static class ServerDownProof
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns what is still up, or null when everything is down.</summary>
    public static async Task<string?> WhatIsStillUpAsync(string host, ServerFacts facts, CancellationToken ct)
    {
        if (facts.Pid is { } pid && ProcessAlive(pid))
        {
            return $"process {pid} is still running";
        }

        if (await AcceptsAsync(host, facts.Port, ct))
        {
            return $"port {host}:{facts.Port} still accepts connections";
        }

        if (!OperatingSystem.IsWindows() && facts.Socket.Length > 0 && await SocketAcceptsAsync(facts.Socket, ct))
        {
            return $"socket {facts.Socket} still accepts connections";
        }

        return null;
    }

    /// <summary>Polls until everything is down; throws with what is still up when the timeout passes.</summary>
    public static async Task WaitUntilDownAsync(string host, ServerFacts facts, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var up = await WhatIsStillUpAsync(host, facts, ct);
            if (up is null)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new ServiceControlException($"the stop command reported success but the server is not down after {timeout.TotalSeconds:0} s: {up}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static bool ProcessAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A zombie still has a /proc entry but holds no files; treat it as gone.
            var status = $"/proc/{pid}/status";
            try
            {
                return File.Exists(status) && !File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(string host, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(host, port, attempt.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Nothing answered within the attempt: a stopped server refuses at once, so call this "up".
            return true;
        }
    }

    private static async Task<bool> SocketAcceptsAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
