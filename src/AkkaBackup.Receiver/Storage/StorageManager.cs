using Akka.Actor;
using Akka.Event;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Retention;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Storage;

/// <summary>
/// <c>/user/storage</c>: files verified archives under the configured layout with unique names (see <see cref="ArchiveFiler"/>)
/// and the manifest beside each. One actor files for this node; the claim through the manifest guards against
/// any other process, and the no-overwrite move against files placed by hand.
/// </summary>
public sealed class StorageManager : ReceiveActor
{
    public const string Name = "storage";

    private readonly ReceiverSettings _settings;
    private readonly IActorRef _retention;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="retention">Runs a retention pass after every stored backup.</param>
    public StorageManager(ReceiverSettings settings, IActorRef retention)
    {
        _settings = settings;
        _retention = retention;
        Receive<FileArchive>(File);
    }

    public static Props Props(ReceiverSettings settings, IActorRef retention) => Akka.Actor.Props.Create(() => new StorageManager(settings, retention));

    private void File(FileArchive archive)
    {
        try
        {
            var filed = ArchiveFiler.Place(_settings, archive, DateTimeOffset.UtcNow);
            _log.Info("Stored {0} ({1:N0} bytes, SHA-256 {2}) from {3}", filed.StoredPath, archive.Length, archive.Sha256, archive.ClientId);
            Sender.Tell(filed);
            _retention.Tell(RetentionActor.RunRetention.Instance);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.Configuration.ConfigurationException)
        {
            _log.Error(e, "Cannot file transfer {0}", archive.TransferId);
            Sender.Tell(new FilingFailed($"receiver cannot store the archive: {e.Message}"));
        }
    }
}
