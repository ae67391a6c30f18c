using System.Globalization;
using System.Text.Json;
using AkkaBackup.Core.Retention;

namespace AkkaBackup.TestSupport;

/// <summary>A real store on disk: archives of chosen sizes with receiver-style manifests, filed client/instance/yyyy/MM.</summary>
public sealed class GeneratedStore : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("akkabackup-retention").FullName;

    /// <param name="intact">False writes a manifest whose length does not match the archive: not verified.</param>
    /// <param name="inProgress">True leaves the manifest as .manifest.json.tmp, as while the receiver files it.</param>
    /// <param name="type">The manifest's backupType; null writes none (a manifest from before backup types).</param>
    public string Add(string client, string instance, DateTimeOffset storedAt, long size = 100, bool intact = true, bool inProgress = false, string? type = null)
    {
        var directory = Path.Combine(Root, client, instance, storedAt.ToString("yyyy", CultureInfo.InvariantCulture), storedAt.ToString("MM", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var archive = Path.Combine(directory, $"db-{client}_{instance}_{type ?? "full"}_{storedAt.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}.zip");
        File.WriteAllBytes(archive, new byte[size]);
        var manifest = JsonSerializer.Serialize(new
        {
            backupType = type,
            manifestVersion = 1,
            storedName = Path.GetFileName(archive),
            storedAt,
            transferId = Guid.NewGuid().ToString("N"),
            client,
            server = "db-" + client,
            instance,
            archiveBytes = intact ? size : size + 1,
            sha256 = new string('a', 64),
        });
        File.WriteAllText(archive + (inProgress ? ".manifest.json.tmp" : ".manifest.json"), manifest);
        return archive;
    }

    /// <summary>One backup a day at <paramref name="hour"/> UTC, for <paramref name="days"/> days up to and including <paramref name="lastDay"/>.</summary>
    public IReadOnlyList<string> AddDaily(string client, string instance, DateOnly lastDay, int days, int hour = 2, long size = 100) =>
        Enumerable.Range(0, days)
            .Select(back => Add(client, instance, new DateTimeOffset(lastDay.AddDays(-back).ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero), size))
            .ToList();

    public IReadOnlyList<StoredBackup> Scan() => StoreScanner.Scan(Root).Backups;

    public bool Holds(string archive) => File.Exists(archive) && File.Exists(archive + ".manifest.json");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
