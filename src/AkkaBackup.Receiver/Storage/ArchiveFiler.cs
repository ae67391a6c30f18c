using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Storage;

/// <summary>
/// Gives a verified <c>.part</c> file its place in the store: the directory from the layout, the name from the
/// naming pattern (every token value sanitised), a unique name claimed through its manifest, the manifest
/// written into the claim, and only then the archive moved in. No archive ever has its final name without its
/// manifest, and no two filings (in this process or another) can take the same name. A client target's
/// placement (see <see cref="TargetPlacement"/>) overrides the layout and the pattern.
/// </summary>
public static class ArchiveFiler
{
    public static ArchiveFiled Place(ReceiverSettings settings, FileArchive archive, DateTimeOffset now)
    {
        var values = Values(settings, archive);
        var placement = archive.Description.Target;
        var directory = TargetPlacement.Directory(settings, placement, archive.ClientId, values);
        Directory.CreateDirectory(directory);
        var name = TargetPlacement.Pattern(placement, settings.NamingPattern).Render(values, StoredType.Of(archive.Description));
        var reserved = UniqueFileName.Reserve(directory, name, StoreFiles.ManifestSuffix);
        try
        {
            ManifestWriter.Write(reserved.ClaimPath, archive, reserved.Name, now);
            File.Move(archive.PartPath, reserved.Path, overwrite: false);
        }
        catch
        {
            File.Delete(reserved.ClaimPath);
            throw;
        }

        return new ArchiveFiled(reserved.Name, reserved.Path);
    }

    private static NamingValues Values(ReceiverSettings settings, FileArchive archive)
    {
        var d = archive.Description;
        var instance = new InstanceKey(archive.ClientId, d.Instance);
        return new NamingValues
        {
            Server = d.Server,
            Instance = d.Instance,
            Client = archive.ClientId,
            Database = d.Databases,
            Type = StoredType.Of(archive.Description).Name(),
            RunId = d.RunId.Length > 0 ? d.RunId : archive.TransferId,
            Sequence = InstanceSequence.Next(settings.SequenceDirectory, instance),
            Timestamp = d.StartedAt,
        };
    }
}
