using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Persistence;

/// <summary>
/// Reads the client journal of release 0.1.0 (<see cref="PositionalFormat"/>), so that a run an older node
/// journalled — its server perhaps stopped — is recovered after an upgrade. Nothing writes it any more.
/// </summary>
internal static class RunJournalFormat1
{
    private static readonly Dictionary<string, Func<WireReader, object>> Readers = new(StringComparer.Ordinal)
    {
        ["rb"] = r => new RunBegan(r.String(), r.String(), r.Time()),
        ["si"] = r => new StopIssued(r.String(), r.String(), r.Int32(), r.String(), r.Time()),
        ["as"] = r => new ArchiveWasSealed(r.Int64(), r.String(), r.Int32(), r.Int64(), r.Int32()),
        ["tc"] = r => new TransferIdChanged(r.String()),
        ["sa"] = r => new ServerAnswering(r.Time()),
        ["re"] = r => new RunEnded(r.Bool(), Optional(r), Optional(r), r.Time()),
        ["rr"] = r => new RunRegistered(r.String(), r.String()),
        ["rp"] = r => new RunParked(r.String(), r.String(), r.String(), r.String(), r.Time()),
        ["rc"] = r => new RunClosed(r.String()),
    };

    public static object Read(byte[] bytes, string manifest) => PositionalFormat.Read(bytes, manifest, "run journal", Readers);

    private static string? Optional(WireReader r) => r.Bool() ? r.String() : null;
}
