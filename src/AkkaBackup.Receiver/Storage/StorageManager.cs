using Akka.Actor;
using Akka.Event;
using AkkaBackup.Core.Naming;
using AkkaBackup.Receiver.Configuration;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Storage;

/// <summary>
/// <c>/user/storage</c>: gives verified archives their final, unique names under
/// <c>&lt;store&gt;/&lt;client&gt;/</c> and writes the manifest beside each. One actor does all naming, so two
/// transfers finishing at once can never pick the same name; the no-overwrite move guards the rest.
/// </summary>
public sealed class StorageManager : ReceiveActor
{
    public const string Name = "storage";

    private readonly ReceiverSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public StorageManager(ReceiverSettings settings)
    {
        _settings = settings;
        Receive<FileArchive>(File);
    }

    public static Props Props(ReceiverSettings settings) => Akka.Actor.Props.Create(() => new StorageManager(settings));

    private void File(FileArchive archive)
    {
        try
        {
            var filed = Place(archive);
            _log.Info("Stored {0} ({1:N0} bytes, SHA-256 {2}) from {3}", filed.StoredPath, archive.Length, archive.Sha256, archive.ClientId);
            Sender.Tell(filed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Cannot file transfer {0}", archive.TransferId);
            Sender.Tell(new FilingFailed($"receiver cannot store the archive: {e.Message}"));
        }
    }

    private ArchiveFiled Place(FileArchive archive)
    {
        var directory = Path.Combine(_settings.StoreDirectory, TokenValue.Sanitise(archive.ClientId));
        Directory.CreateDirectory(directory);
        var d = archive.Description;
        var now = DateTimeOffset.UtcNow;
        var baseName = _settings.NamingPattern.Render(new NamingValues
        {
            Server = d.Server,
            Instance = d.Instance,
            Client = archive.ClientId,
            RunId = archive.TransferId,
            Timestamp = now,
        });

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var name = attempt == 0 ? baseName : WithSuffix(baseName, attempt);
            var finalPath = Path.Combine(directory, name);
            var manifestPath = finalPath + ManifestWriter.Suffix;
            if (System.IO.File.Exists(finalPath) || System.IO.File.Exists(manifestPath))
            {
                continue;
            }

            // Manifest first under a temporary name: an archive with its final name always has its manifest.
            var manifestTemp = manifestPath + ".tmp";
            System.IO.File.Delete(manifestTemp);
            ManifestWriter.Write(manifestTemp, archive, name, now);
            try
            {
                System.IO.File.Move(archive.PartPath, finalPath, overwrite: false);
            }
            catch (IOException) when (System.IO.File.Exists(finalPath))
            {
                System.IO.File.Delete(manifestTemp);
                continue;
            }

            System.IO.File.Move(manifestTemp, manifestPath, overwrite: false);
            return new ArchiveFiled(name, finalPath);
        }

        throw new IOException($"no free name for {baseName} in {directory} after 1000 attempts");
    }

    private static string WithSuffix(string name, int n)
    {
        var extension = Path.GetExtension(name);
        return $"{name[..^extension.Length]}_{n}{extension}";
    }
}
