using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Drills;

/// <summary>One drill to run: the archive (its manifest beside it unless <paramref name="ManifestPath"/> names one) and the drill settings.</summary>
public sealed record DrillRequest(string ArchivePath, string? ManifestPath, string ScratchRoot, long ScratchReserve, TimeSpan StartTimeout, TimeSpan Timeout)
{
    public static DrillRequest Of(string archivePath, DrillSettings settings, string? manifestPath = null, string? scratchRoot = null) =>
        new(archivePath, manifestPath, scratchRoot ?? settings.ScratchDirectory, settings.ScratchReserve, settings.StartTimeout, settings.Timeout);
}
