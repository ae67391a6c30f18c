using Akka.Actor;
using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Alerts;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Alerts;

/// <summary>
/// <c>/user/alerts</c>: takes every <see cref="Alert"/> published on the event stream — and, on a client, every
/// run's outcome — and posts it to the <see cref="CurrentAlertOutbox"/>. Posting returns at once; delivery, retries
/// and the log of what could not be delivered are the outbox's, so no alert can hold up a run.
/// </summary>
public sealed class AlertDispatcher : ReceiveActor
{
    public const string Name = "alerts";

    public AlertDispatcher(CurrentAlertOutbox outbox, string nodeName)
    {
        ReceiveAsync<Alert>(outbox.PostAsync);
        ReceiveAsync<RunConcluded>(async concluded =>
        {
            foreach (var alert in RunAlerts.For(concluded.Report, nodeName, DateTimeOffset.UtcNow))
            {
                await outbox.PostAsync(alert);
            }
        });
        Receive<FlushAlerts>(flush => outbox.FlushAsync().WaitAsync(flush.Timeout)
            .PipeTo(Sender, success: () => AlertsFlushed.Instance, failure: _ => AlertsFlushed.Instance));
    }

    public static Props Props(CurrentAlertOutbox outbox, string nodeName) => Akka.Actor.Props.Create(() => new AlertDispatcher(outbox, nodeName));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(Alert));
        Context.System.EventStream.Subscribe(Self, typeof(RunConcluded));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>Answered with <see cref="AlertsFlushed"/> once what was posted before is delivered or given up on, or after <paramref name="Timeout"/>.</summary>
    public sealed record FlushAlerts(TimeSpan Timeout);

    public sealed class AlertsFlushed
    {
        public static readonly AlertsFlushed Instance = new();

        private AlertsFlushed()
        {
        }
    }
}
