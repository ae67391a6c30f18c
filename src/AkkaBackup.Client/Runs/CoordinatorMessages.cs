using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Client.Runs;

/// <summary>Results of the coordinator's own off-mailbox steps.</summary>
public static class CoordinatorMessages
{
    public sealed record PreflightFailed(Exception Cause);

    public sealed class ServerStopped
    {
        public static readonly ServerStopped Instance = new();

        private ServerStopped()
        {
        }
    }

    public sealed record StopFailed(Exception Cause);

    public sealed record ServerStarted(bool WasStartedByUs);

    public sealed record StartFailed(Exception Cause, string ManualRecovery);

    public sealed class ReportProgress
    {
        public static readonly ReportProgress Instance = new();

        private ReportProgress()
        {
        }
    }
}
