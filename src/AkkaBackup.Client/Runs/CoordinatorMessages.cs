using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Client.Runs;

/// <summary>Results of the coordinator's own off-mailbox steps.</summary>
internal static class CoordinatorMessages
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

    public sealed record StartFailed(Exception Cause);

    public sealed class ReportProgress
    {
        public static readonly ReportProgress Instance = new();

        private ReportProgress()
        {
        }
    }

    public static PhaseTiming Timing(RunPhase phase, TimeSpan elapsed) => new(phase.ToString(), (long)elapsed.TotalMilliseconds);
}
