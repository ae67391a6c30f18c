using System.Text.Json;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// What a restore checks an archive against: the SHA-256 and content its <c>.manifest.json</c> records. Read by
/// <c>akkabackup restore</c> and by restore drills, so both trust and refuse the same manifests.
/// </summary>
public sealed record ArchiveManifest(string Path, string Sha256, ExpectedContent Content)
{
    private const long MaxBytes = 1024 * 1024;

    /// <summary>
    /// The manifest named by <paramref name="manifestOption"/>, else the one beside the archive; null when there is
    /// none beside it (a kept Data.zip has none).
    /// </summary>
    /// <exception cref="ConfigurationException">The named manifest is missing, or a manifest cannot be read.</exception>
    public static ArchiveManifest? Find(string archive, string? manifestOption)
    {
        var manifest = manifestOption ?? StoreFiles.ManifestOf(archive);
        if (!File.Exists(manifest))
        {
            return manifestOption is null ? null : throw new ConfigurationException($"--manifest '{manifestOption}' not found");
        }

        try
        {
            if (new FileInfo(manifest).Length > MaxBytes)
            {
                throw new ConfigurationException($"manifest '{manifest}' is larger than a manifest can be");
            }

            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            var root = document.RootElement;
            var sha = root.GetProperty("sha256").GetString();
            var content = new ExpectedContent(root.GetProperty("dataBytes").GetInt64(), root.GetProperty("fileCount").GetInt64());
            if (sha is not { Length: 64 } || content.DataBytes < 0 || content.FileCount < 0)
            {
                throw new ConfigurationException($"manifest '{manifest}' has no valid sha256, dataBytes and fileCount");
            }

            return new ArchiveManifest(System.IO.Path.GetFullPath(manifest), sha, content);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ConfigurationException($"manifest '{manifest}' cannot be read: {e.Message}");
        }
    }
}
