using System.Runtime.Serialization;
using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Client.Runs.RunEvents;

namespace AkkaBackup.Client.Persistence;

/// <summary>
/// Reads the positional binary format of release 0.1.0 (format byte 1), so that a run an older node
/// journalled — its server perhaps stopped — is recovered after an upgrade. Nothing writes it any more.
/// </summary>
internal static class RunJournalFormat1
{
    public const byte Version = 1;

    public static object Read(byte[] bytes, string manifest)
    {
        using var r = new WireReader(bytes);
        r.Byte();
        object e = manifest switch
        {
            "rb" => new RunBegan(r.String(), r.String(), r.Time()),
            "si" => new StopIssued(r.String(), r.String(), r.Int32(), r.String(), r.Time()),
            "as" => new ArchiveWasSealed(r.Int64(), r.String(), r.Int32(), r.Int64(), r.Int32()),
            "tc" => new TransferIdChanged(r.String()),
            "sa" => new ServerAnswering(r.Time()),
            "re" => new RunEnded(r.Bool(), Optional(r), Optional(r), r.Time()),
            "rr" => new RunRegistered(r.String(), r.String()),
            "rp" => new RunParked(r.String(), r.String(), r.String(), r.String(), r.Time()),
            "rc" => new RunClosed(r.String()),
            _ => throw new SerializationException($"Unknown run journal manifest '{manifest}'"),
        };
        r.EnsureConsumed(manifest);
        return e;
    }

    private static string? Optional(WireReader r) => r.Bool() ? r.String() : null;
}
