using System.Text.Json;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Storage;

/// <summary>Writes <c>&lt;stored name&gt;.manifest.json</c>: what the archive is, where it came from, how to check it.</summary>
public static class ManifestWriter
{
    public const string Suffix = StoreFiles.ManifestSuffix;

    /// <param name="path">The claim <see cref="UniqueFileName.Reserve"/> made for the manifest (an empty file, overwritten here).</param>
    public static void Write(string path, FileArchive archive, string storedName, DateTimeOffset storedAt)
    {
        var d = archive.Description;
        var type = StoredType.Of(d);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("manifestVersion", 1);
            json.WriteString("storedName", storedName);
            json.WriteString("storedAt", storedAt);
            json.WriteString("transferId", archive.TransferId);
            json.WriteString("runId", d.RunId);
            json.WriteString("backupType", type.Name());
            json.WriteString("databases", d.Databases);
            json.WriteString("client", archive.ClientId);
            json.WriteString("sourceHost", d.SourceHost);
            json.WriteString("server", d.Server);
            json.WriteString("instance", d.Instance);
            json.WriteString("mysqlVersion", d.MySqlVersion);
            json.WriteString("dataDirectory", d.DataDirectory);
            json.WriteNumber("dataBytes", d.DataBytes);
            json.WriteNumber("fileCount", d.FileCount);
            json.WriteString("compression", type.Format());
            json.WriteNumber("archiveBytes", archive.Length);
            json.WriteString("sha256", archive.Sha256);
            json.WriteNumber("chunkSize", archive.ChunkSize);
            json.WriteNumber("chunkCount", archive.ChunkCount);
            json.WriteString("startedAt", d.StartedAt);
            json.WriteStartObject("phaseMilliseconds");
            foreach (var timing in d.Timings)
            {
                json.WriteNumber(timing.Phase, timing.Milliseconds);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.Flush(flushToDisk: true);
    }
}
