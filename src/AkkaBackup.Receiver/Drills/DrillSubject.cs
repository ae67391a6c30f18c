using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Hot;
using AkkaBackup.Core.Retention;

namespace AkkaBackup.Receiver.Drills;

/// <summary>The archive a drill is of, its manifest and who it is a backup of.</summary>
/// <param name="Identity">Client, instance and type from the manifest; null without one (a kept Data.zip) or when it lacks them.</param>
public sealed record DrillSubject(string ArchivePath, ArchiveManifest? Manifest, StoredManifest? Identity)
{
    public bool Hot => ArchivePath.EndsWith(HotArchive.Extension, StringComparison.Ordinal);

    /// <exception cref="Core.Configuration.ConfigurationException">The named manifest is missing, or a manifest cannot be read.</exception>
    public static DrillSubject Of(string archivePath, string? manifestOption)
    {
        var archive = Path.GetFullPath(archivePath);
        var manifest = ArchiveManifest.Find(archive, manifestOption);
        return new DrillSubject(archive, manifest, manifest is null ? null : IdentityIn(manifest.Path));
    }

    private static StoredManifest? IdentityIn(string manifest)
    {
        try
        {
            return StoredManifest.Read(manifest);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
