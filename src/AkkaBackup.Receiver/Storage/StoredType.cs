using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;

namespace AkkaBackup.Receiver.Storage;

/// <summary>The type a stored backup is filed as: what the client said, checked when its transfer completed.</summary>
public static class StoredType
{
    /// <summary>A client from before backup types says "full": a cold copy.</summary>
    public static BackupType Of(ArchiveDescription description) =>
        BackupTypes.TryParse(description.BackupType, out var type)
            ? type
            : throw new InvalidDataException($"backup type '{description.BackupType}' is not one of {string.Join(", ", BackupTypes.Names)}");
}
