using Akka.Actor;
using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Serialization;
using static AkkaBackup.Client.Runs.RunEvents;
using P = AkkaBackup.Client.Persistence.Schema;

namespace AkkaBackup.Client.Persistence;

/// <summary>
/// The client's journal: every <see cref="IRunEvent"/> as a message of <c>run_events.proto</c>. Entries in
/// format 1 (release 0.1.0) are still read, so a run the old release stopped is recovered by this one.
/// </summary>
public sealed class RunEventSerializer(ExtendedActorSystem system) : ProtobufSerializer(system, "run journal", Bindings)
{
    public const int SerializerId = 4713;
    public const string Name = "akkabackup-runs";

    /// <summary>Errors can be long (nested causes); the journal keeps the first part, the log has all of it.</summary>
    public const int MaxErrorLength = 4000;

    public override int Identifier => SerializerId;

    protected override string ReadableFormats => "1 and 2";

    private static IEnumerable<Binding> Bindings =>
    [
        Bind<RunBegan, P.RunBegan>("rb",
            e => new() { RunId = e.RunId, Instance = e.Instance, AtUnixMs = Time(e.At) },
            P.RunBegan.Parser, m => new(m.RunId, m.Instance, Time(m.AtUnixMs))),
        Bind<StopIssued, P.StopIssued>("si",
            e => new() { TransferId = e.TransferId, ArchivePath = e.ArchivePath, ChunkSize = e.ChunkSize, ServerVersion = e.ServerVersion, AtUnixMs = Time(e.At), BackupType = e.Type.Name(), ClonePath = e.ClonePath ?? "", CloneVolume = e.CloneVolume ?? "" },
            P.StopIssued.Parser, m => new(m.TransferId, m.ArchivePath, m.ChunkSize, m.ServerVersion, Time(m.AtUnixMs), JournalledType(m.BackupType), Optional(m.ClonePath), Optional(m.CloneVolume))),
        Bind<ArchiveWasSealed, P.ArchiveWasSealed>("as",
            e => new() { Length = e.Length, Sha256 = e.Sha256, ChunkCount = e.ChunkCount, DataBytes = e.DataBytes, FileCount = e.FileCount, FromLsn = e.FromLsn ?? "", ToLsn = e.ToLsn ?? "" },
            P.ArchiveWasSealed.Parser, m => new(m.Length, m.Sha256, m.ChunkCount, m.DataBytes, m.FileCount, Optional(m.FromLsn), Optional(m.ToLsn))),
        Bind<TransferIdChanged, P.TransferIdChanged>("tc",
            e => new() { TransferId = e.TransferId },
            P.TransferIdChanged.Parser, m => new(m.TransferId)),
        Bind<ServerAnswering, P.ServerAnswering>("sa",
            e => new() { AtUnixMs = Time(e.At) },
            P.ServerAnswering.Parser, m => new(Time(m.AtUnixMs))),
        Bind<RunEnded, P.RunEnded>("re",
            e => Ended(e),
            P.RunEnded.Parser, m => new(m.Succeeded, m.HasKeptArchive ? m.KeptArchive : null, m.HasError ? m.Error : null, Time(m.AtUnixMs))),
        Bind<RunRegistered, P.RunRegistered>("rr",
            e => new() { RunId = e.RunId, Instance = e.Instance },
            P.RunRegistered.Parser, m => new(m.RunId, m.Instance)),
        Bind<RunParked, P.RunParked>("rp",
            e => new() { RunId = e.RunId, Instance = e.Instance, ArchivePath = e.ArchivePath, Error = Truncate(e.Error), AtUnixMs = Time(e.At) },
            P.RunParked.Parser, m => new(m.RunId, m.Instance, m.ArchivePath, m.Error, Time(m.AtUnixMs))),
        Bind<RunClosed, P.RunClosed>("rc",
            e => new() { RunId = e.RunId },
            P.RunClosed.Parser, m => new(m.RunId)),
        Bind<RunManagerSnapshot, P.RunManagerSnapshot>("ms",
            e => Snapshot(e),
            P.RunManagerSnapshot.Parser, m => new(
                m.Open.Select(o => new RunRegistered(o.RunId, o.Instance)).ToList(),
                m.Parked.Select(p => new RunParked(p.RunId, p.Instance, p.ArchivePath, p.Error, Time(p.AtUnixMs))).ToList())),
    ];

    private static P.RunManagerSnapshot Snapshot(RunManagerSnapshot e)
    {
        var m = new P.RunManagerSnapshot();
        m.Open.AddRange(e.Open.Select(o => new P.RunRegistered { RunId = o.RunId, Instance = o.Instance }));
        m.Parked.AddRange(e.Parked.Select(p => new P.RunParked { RunId = p.RunId, Instance = p.Instance, ArchivePath = p.ArchivePath, Error = Truncate(p.Error), AtUnixMs = Time(p.At) }));
        return m;
    }

    protected override object? ReadOlderFormat(byte version, byte[] bytes, string manifest) =>
        version == PositionalFormat.Version ? RunJournalFormat1.Read(bytes, manifest) : null;

    private static P.RunEnded Ended(RunEnded e)
    {
        var m = new P.RunEnded { Succeeded = e.Succeeded, AtUnixMs = Time(e.At) };
        if (e.KeptArchive is not null)
        {
            m.KeptArchive = Truncate(e.KeptArchive);
        }

        if (e.Error is not null)
        {
            m.Error = Truncate(e.Error);
        }

        return m;
    }

    /// <summary>Empty in journals from before backup types: those runs were cold.</summary>
    private static BackupType JournalledType(string text) =>
        text.Length == 0 ? BackupType.Cold
        : BackupTypes.TryParse(text, out var type) ? type
        : throw new InvalidDataException($"journalled backup type '{text}' is not one of {string.Join(", ", BackupTypes.Names)}");

    /// <summary>proto3 strings are never null: an empty one was an absent value.</summary>
    private static string? Optional(string text) => text.Length == 0 ? null : text;

    private static string Truncate(string text) => text.Length > MaxErrorLength ? text[..MaxErrorLength] + "…" : text;
}
