namespace AkkaBackup.Core.Layout;

/// <summary>Names of the store's own files beside the archives.</summary>
public static class StoreFiles
{
    /// <summary>Every stored archive <c>X</c> has its manifest at <c>X.manifest.json</c>.</summary>
    public const string ManifestSuffix = ".manifest.json";

    /// <summary>A manifest being written before its archive gets its final name.</summary>
    public const string ManifestTemporarySuffix = ManifestSuffix + ".tmp";

    /// <summary>The last restore drill of archive <c>X</c> is reported in <c>X.drill.json</c> (written over a <c>.tmp</c> of it).</summary>
    public const string DrillReportSuffix = ".drill.json";

    public static string ManifestOf(string archivePath) => archivePath + ManifestSuffix;

    public static string DrillReportOf(string archivePath) => archivePath + DrillReportSuffix;
}
