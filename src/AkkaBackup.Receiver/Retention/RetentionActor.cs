using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Retention;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Storage;

namespace AkkaBackup.Receiver.Retention;

/// <summary>
/// <c>/user/retention</c>: applies the retention policies after every stored backup and on a timer, one pass at a
/// time (a request during a pass runs one more pass after it). Logs every deletion with the rule that caused it,
/// and publishes an alert when a limit cannot be kept because the newest backup must stay, and when the store's
/// volume is nearly full.
/// </summary>
public sealed class RetentionActor : ReceiveActor, IWithTimers
{
    public const string Name = "retention";

    private readonly ReceiverSettings _settings;
    private readonly RetentionSettings _retention;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _running;
    private bool _again;

    public RetentionActor(ReceiverSettings settings, RetentionSettings retention)
    {
        _settings = settings;
        _retention = retention;
        Receive<RunRetention>(_ => Start());
        Receive<RetentionPassResult>(Finished);
        Receive<Status.Failure>(failure =>
        {
            _log.Error(failure.Cause, "Retention pass failed; the store is unchanged by it");
            Finished(null);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ReceiverSettings settings, RetentionSettings retention) => Akka.Actor.Props.Create(() => new RetentionActor(settings, retention));

    protected override void PreStart() => Timers.StartPeriodicTimer("retention", RunRetention.Instance, _retention.Interval);

    private void Start()
    {
        if (_running)
        {
            _again = true;
            return;
        }

        _running = true;
        var (root, policies) = (_settings.StoreDirectory, _retention.Policies);
        Task.Run(() => RetentionPass.Run(root, policies, DateTimeOffset.UtcNow, dryRun: false)).PipeTo(Self);
    }

    private void Finished(RetentionPassResult? result)
    {
        if (result is not null)
        {
            Report(result);
        }

        CheckFreeSpace();
        _running = false;
        if (_again)
        {
            _again = false;
            Start();
        }
    }

    private void Report(RetentionPassResult result)
    {
        foreach (var outcome in result.Outcomes)
        {
            if (outcome.Succeeded)
            {
                _log.Info("Retention {0}", outcome);
                Context.System.EventStream.Publish(CatalogEntries.Deleted(outcome, DateTimeOffset.UtcNow));
            }
            else
            {
                _log.Error("Retention {0}", outcome);
            }
        }

        foreach (var warning in result.Plan.Warnings)
        {
            _log.Error("Retention: {0} ({1})", warning.Message, warning.Rule);
            Context.System.EventStream.Publish(RetentionAlerts.CouldNotKeep(_settings.NodeName, warning, result.Plan, DateTimeOffset.UtcNow));
        }
    }

    private void CheckFreeSpace()
    {
        try
        {
            var volume = StoreSpace.Volume(_settings.StoreDirectory);
            if (volume.FreeBytes * 100 < volume.TotalBytes * _settings.NearlyFullPercent)
            {
                _log.Warning("Store volume {0} is nearly full: {1:N0} of {2:N0} bytes free", volume.Name, volume.FreeBytes, volume.TotalBytes);
                Context.System.EventStream.Publish(BackupAlerts.StoreNearlyFull(_settings.NodeName, volume.Name, volume.FreeBytes, volume.TotalBytes, DateTimeOffset.UtcNow));
            }
        }
        catch (IOException e)
        {
            _log.Warning("Cannot read the free space of {0}: {1}", _settings.StoreDirectory, e.Message);
        }
    }

    /// <summary>Run a pass now (sent by the storage manager after every stored backup, and by the timer).</summary>
    public sealed class RunRetention
    {
        public static readonly RunRetention Instance = new();

        private RunRetention()
        {
        }
    }
}
