using System.Collections.Concurrent;
using AkkaBackup.Client.Configuration;

namespace AkkaBackup.Client.Transfer;

/// <summary>
/// The receivers this client node may open Akka.Remote connections to, each with the one certificate name it
/// must present there: the node's HOCON receiver and every target a run has gone to (added the first time, so
/// a target added from the console needs no restart). The transport dials nothing else.
/// </summary>
public sealed class ReceiverDirectory
{
    private readonly ConcurrentDictionary<string, string> _expected = new(StringComparer.OrdinalIgnoreCase);

    public void Admit(TargetSettings target) => _expected[Key(target.Host, target.Port)] = target.ExpectedName;

    /// <summary>The CN the receiver at <paramref name="host"/>:<paramref name="port"/> must carry; null when it is none of ours.</summary>
    public string? ExpectedNameAt(string host, int port) => _expected.GetValueOrDefault(Key(host, port));

    private static string Key(string host, int port) => $"{host}:{port}";
}
