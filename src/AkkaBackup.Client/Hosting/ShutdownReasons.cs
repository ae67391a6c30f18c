using Akka.Actor;

namespace AkkaBackup.Client.Hosting;

/// <summary>Why the node is shutting down, in words an operator can act on.</summary>
public static class ShutdownReasons
{
    public static string Describe(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClrExitReason => "the node is shutting down because the process is exiting (SIGTERM or Ctrl+C)",
        null => "the node is shutting down",
        _ => $"the node is shutting down ({reason.GetType().Name})",
    };
}
