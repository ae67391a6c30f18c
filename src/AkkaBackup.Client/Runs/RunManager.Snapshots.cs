using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Runs;

/// <summary>
/// The run manager's journal (persistence id <c>runs</c>) gains two events per run; every
/// <see cref="SnapshotEvery"/> events it saves its state (the open and parked runs) as a snapshot and deletes
/// the events and older snapshots it replaces, so recovery reads one snapshot and a few events.
/// </summary>
public sealed partial class RunManager
{
    public const int SnapshotEvery = 100;

    private int _sinceSnapshot;

    private void SnapshotCommands()
    {
        // Taken as a command, after every persist of the message before has run: the state is what the journal holds.
        Command<TakeSnapshot>(_ => SaveSnapshot(new RunManagerSnapshot(
            _open.Select(o => new RunRegistered(o.Key, o.Value)).ToList(),
            _parked.Values.ToList())));
        Command<SaveSnapshotSuccess>(saved =>
        {
            DeleteMessages(saved.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Error(failed.Cause, "Run journal: the run manager's snapshot could not be saved; its events are kept"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Error(failed.Cause, "Run journal: the events a snapshot replaces could not be deleted"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Error(failed.Cause, "Run journal: older snapshots could not be deleted"));
    }

    /// <summary>Called once per event persisted; asks for a snapshot when enough have gathered.</summary>
    private void Counted()
    {
        if (++_sinceSnapshot >= SnapshotEvery)
        {
            _sinceSnapshot = 0;
            Self.Tell(TakeSnapshot.Instance);
        }
    }

    private void Restore(RunManagerSnapshot snapshot)
    {
        foreach (var open in snapshot.Open)
        {
            _open[open.RunId] = open.Instance;
        }

        foreach (var parked in snapshot.Parked)
        {
            _parked[parked.RunId] = parked;
        }
    }

    private sealed class TakeSnapshot
    {
        public static readonly TakeSnapshot Instance = new();

        private TakeSnapshot()
        {
        }
    }
}
