using Akka.Event;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Receiver.Storage;

namespace AkkaBackup.Receiver.DataPlane;

/// <summary>What a data-plane session does when the store's volume is full: log it, raise the critical alert naming the volume, answer <see cref="StoreFull"/>.</summary>
public sealed class StoreFullReport(string nodeName, EventStream events)
{
    /// <param name="instance">client/instance, as retention and the store name it.</param>
    public StoreFull Report(string partialDirectory, int chunkIndex, string instance, string transferId, ILoggingAdapter log)
    {
        var volume = StoreSpace.Volume(partialDirectory);
        log.Error("Transfer {0} from {1}: the store volume {2} is full ({3:N0} bytes free) at chunk {4}; the transfer stops, its partial file is kept for a resume",
            transferId, instance, volume.Name, volume.FreeBytes, chunkIndex);
        events.Publish(BackupAlerts.StoreFull(nodeName, instance, volume.Name, transferId, DateTimeOffset.UtcNow));
        return new StoreFull(chunkIndex, volume.Name, volume.FreeBytes);
    }
}
