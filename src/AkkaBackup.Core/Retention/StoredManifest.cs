using System.Text.Json;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Retention;

/// <summary>
/// The fields of <c>&lt;archive&gt;.manifest.json</c> (written by the receiver's ManifestWriter, version 1) that the
/// store needs to know what an archive is. Other fields are left alone.
/// </summary>
public sealed record StoredManifest(string StoredName, DateTimeOffset StoredAt, string Client, string Server, string Instance, long ArchiveBytes, string Sha256)
{
    /// <summary>cold when the manifest predates backup types (it says "full" or nothing).</summary>
    public BackupType Type { get; init; } = BackupType.Cold;

    // A manifest is a few hundred bytes; anything far larger is not one, and is not read into memory.
    private const long MaxBytes = 1024 * 1024;

    /// <summary>Reads and checks a manifest; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static StoredManifest Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new InvalidDataException($"{path} is {length:N0} bytes, too large for a manifest");
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var manifest = new StoredManifest(
                Optional(root, "storedName"),
                root.GetProperty("storedAt").GetDateTimeOffset(),
                Required(root, "client"),
                Optional(root, "server"),
                Required(root, "instance"),
                root.GetProperty("archiveBytes").GetInt64(),
                Required(root, "sha256"))
            {
                Type = TypeOf(Optional(root, "backupType")),
            };
            return manifest.ArchiveBytes >= 0 ? manifest : throw new InvalidDataException($"{path}: archiveBytes is negative");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a readable manifest: {e.Message}", e);
        }
    }

    /// <summary>A SHA-256 in the form the receiver writes: 64 hex digits.</summary>
    public bool HasWellFormedSha256 => Sha256.Length == 64 && Sha256.All(char.IsAsciiHexDigit);

    private static BackupType TypeOf(string text) =>
        text.Length == 0 ? BackupType.Cold : BackupTypes.TryParse(text, out var type) ? type : throw new FormatException($"'backupType' is '{text}', not one of {string.Join(", ", BackupTypes.Names)}");

    private static string Required(JsonElement root, string name)
    {
        var value = root.GetProperty(name).GetString();
        return string.IsNullOrEmpty(value) ? throw new FormatException($"'{name}' is empty") : value;
    }

    private static string Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
