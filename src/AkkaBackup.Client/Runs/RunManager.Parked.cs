using Akka.Actor;
using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Store.RunLog;
using static AkkaBackup.Client.Runs.RunEvents;
using static AkkaBackup.Client.Runs.RunProtocol;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// Parked transfers retry themselves: on a long-running node each is probed (the receiver asked to check in) after
/// <c>pending.probe-initial</c>, then ever less often up to <c>pending.probe-max</c>, and retried as soon as the
/// receiver answers. After <c>pending.max-age</c> it is given up with a critical alert and waits for a person. A new
/// run of an instance with a parked transfer probes too: when the receiver answers, the transfer is retried and the
/// run queued behind it; when it does not, the run is refused. Every refused run gets a run-log row and an alert.
/// </summary>
public sealed partial class RunManager
{
    private readonly Dictionary<string, RunParked> _retrying = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _probeDelays = new(StringComparer.Ordinal);
    private readonly HashSet<string> _givenUp = new(StringComparer.Ordinal);

    private void ParkedCommands()
    {
        Command<ProbeParked>(probe =>
        {
            if (_parked.TryGetValue(probe.RunId, out var parked))
            {
                Resolve(new AutoRetry(parked), parked.Instance);
            }
        });
        Command<ReceiverAnswered>(Answered);
        Command<ReceiverSilent>(Silent);
    }

    /// <summary>The next probe of a parked run, backing off from probe-initial to probe-max; none on a one-shot node or once given up.</summary>
    private void ScheduleProbe(string runId)
    {
        if (!_retryParked || _givenUp.Contains(runId) || !_parked.TryGetValue(runId, out var parked))
        {
            return;
        }

        var pending = _settings.Pending;
        if (DateTimeOffset.UtcNow - parked.At > pending.MaxAge)
        {
            GiveUp(parked);
            return;
        }

        var delay = _probeDelays.TryGetValue(runId, out var previous) ? Min(previous * 2, pending.ProbeMax) : pending.ProbeInitial;
        _probeDelays[runId] = delay;
        Timers.StartSingleTimer("probe-" + runId, new ProbeParked(runId), delay);
    }

    private void GiveUp(RunParked parked)
    {
        _givenUp.Add(parked.RunId);
        _log.Error("Pending transfer of run {0} ({1}) is no longer retried: it has waited longer than pending.max-age ({2}); retry it with `akkabackup pending retry {0}` or discard it",
            parked.RunId, parked.ArchivePath, _settings.Pending.MaxAge);
        Context.System.EventStream.Publish(BackupAlerts.PendingTransferGivenUp(
            _settings.NodeName, parked.Instance, parked.RunId, parked.ArchivePath, _settings.Pending.MaxAge, parked.Error, DateTimeOffset.UtcNow));
    }

    private void ForgetParked(string runId)
    {
        _probeDelays.Remove(runId);
        _givenUp.Remove(runId);
        Timers.Cancel("probe-" + runId);
    }

    /// <summary>A new run of an instance with a parked transfer: retry that first when the receiver answers, else refuse the run.</summary>
    private void RetryBeforeRun(StartRun start, IActorRef requester, InstanceSettings instance, int concurrency, RunParked parked)
    {
        if (_givenUp.Contains(parked.RunId))
        {
            Refuse(requester, instance.Name,
                $"instance '{instance.Name}' has a pending transfer that is no longer retried (older than pending.max-age): run {parked.RunId} kept {parked.ArchivePath} ({parked.Error}). " +
                $"Retry it with `akkabackup pending retry {parked.RunId}` or discard it with `akkabackup pending discard {parked.RunId}`");
            return;
        }

        Probe(new RunAfterRetry(start, requester, concurrency, parked), instance);
    }

    private void ProbeBeforeRetry(AutoRetry auto, InstanceSettings instance)
    {
        if (!_parked.ContainsKey(auto.Parked.RunId))
        {
            return;
        }

        if (_open.ContainsValue(instance.Name))
        {
            ScheduleProbe(auto.Parked.RunId);
            return;
        }

        Probe(auto, instance);
    }

    /// <summary>Asks the instance's receiver to check in, off the mailbox; it answers when it is up and accepts this node.</summary>
    private void Probe(object purpose, InstanceSettings instance)
    {
        var target = instance.Target ?? _settings.Target;
        async Task<object> AskAsync()
        {
            var check = await _node.Receivers.For(target).AskAsync<ReceiverChecked>(new CheckReceiver(0), target.RequestTimeout);
            return check.Accepted
                ? new ReceiverAnswered(purpose, instance)
                : new ReceiverSilent(purpose, instance, $"receiver {target.ExpectedName} refuses transfers: {check.Reason}");
        }

        AskAsync().PipeTo(Self, failure: e => new ReceiverSilent(purpose, instance, (e.GetBaseException()).Message));
    }

    private void Answered(ReceiverAnswered answered)
    {
        switch (answered.Purpose)
        {
            case AutoRetry auto when _parked.ContainsKey(auto.Parked.RunId) && !_open.ContainsValue(answered.Instance.Name) && _shuttingDown is null:
                _log.Info("Pending transfer of run {0}: the receiver answers again; retrying it", auto.Parked.RunId);
                RetryNow(auto.Parked, answered.Instance, ActorRefs.Nobody, ActorRefs.Nobody, "automatic retry");
                break;
            case AutoRetry auto:
                ScheduleProbe(auto.Parked.RunId);
                break;
            case RunAfterRetry run:
                if (_parked.ContainsKey(run.Parked.RunId) && !_open.ContainsValue(answered.Instance.Name) && _shuttingDown is null)
                {
                    _log.Info("Run of {0} ({1}): retrying the pending transfer of run {2} first", answered.Instance.Name, run.Start.Trigger, run.Parked.RunId);
                    RetryNow(run.Parked, answered.Instance, ActorRefs.Nobody, ActorRefs.Nobody, $"retry before {run.Start.Trigger}");
                }

                Enqueue(run.Start, run.Requester, answered.Instance, run.Concurrency);
                break;
        }
    }

    private void Silent(ReceiverSilent silent)
    {
        switch (silent.Purpose)
        {
            case AutoRetry auto:
                _log.Info("Pending transfer of run {0}: the receiver does not answer yet ({1})", auto.Parked.RunId, silent.Why);
                ScheduleProbe(auto.Parked.RunId);
                break;
            case RunAfterRetry run:
                Refuse(run.Requester, silent.Instance.Name,
                    $"instance '{silent.Instance.Name}' has a pending transfer that waits for the receiver: run {run.Parked.RunId} kept {run.Parked.ArchivePath}; " +
                    $"the receiver does not answer ({silent.Why}). It is retried by itself when the receiver answers again " +
                    $"(or `akkabackup pending retry {run.Parked.RunId}`, console `backup retry {run.Parked.RunId}`)");
                break;
        }
    }

    /// <summary>Answers the requester and records the run that did not happen.</summary>
    private void Refuse(IActorRef requester, string? instanceName, string reason)
    {
        requester.Tell(new RunRejected(reason));
        if (instanceName is not null)
        {
            Recorded(NewRunId(), instanceName, reason);
        }
    }

    /// <summary>A run-log row (refused) and a warning alert for a run that was asked for and did not happen.</summary>
    private void Recorded(string runId, string instanceName, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        _log.Warning("Run {0} of {1} refused: {2}", runId, instanceName, reason);
        _node.RunLog.Tell(new RunLogWriter.RunRefused(runId, instanceName, RunStatus.Refused, reason, now));
        Context.System.EventStream.Publish(BackupAlerts.RunSkipped(_settings.NodeName, instanceName, runId, reason, now));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record ProbeParked(string RunId);

    private sealed record AutoRetry(RunParked Parked) : LookupPurpose;

    private sealed record RunAfterRetry(StartRun Start, IActorRef Requester, int Concurrency, RunParked Parked);

    private sealed record ReceiverAnswered(object Purpose, InstanceSettings Instance);

    private sealed record ReceiverSilent(object Purpose, InstanceSettings Instance, string Why);
}
