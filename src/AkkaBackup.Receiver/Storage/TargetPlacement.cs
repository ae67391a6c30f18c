using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;

namespace AkkaBackup.Receiver.Storage;

/// <summary>
/// Applies a client target's <see cref="Placement"/>: its folder lies below the client's own folder
/// (<c>&lt;store&gt;/&lt;client&gt;/&lt;folder&gt;/</c>, so one client can never file into another's), its naming
/// pattern replaces the receiver's. Whatever the placement leaves empty, the receiver's own layout and
/// naming pattern decide. Everything is checked again here: the client's checks are not trusted.
/// </summary>
public static class TargetPlacement
{
    /// <summary>Why the receiver cannot honour <paramref name="placement"/>, or null when it can.</summary>
    public static string? Problem(Placement placement)
    {
        if (RemoteFolder.Problem(placement.Folder, "remote-folder") is { } folder)
        {
            return folder;
        }

        try
        {
            if (placement.NamingPattern.Length > 0)
            {
                ClientPattern(placement);
            }

            return null;
        }
        catch (ConfigurationException e)
        {
            return e.Message;
        }
    }

    /// <summary>The directory the archive goes to; throws <see cref="StoreEscapeException"/> if it would leave the store.</summary>
    public static string Directory(ReceiverSettings settings, Placement placement, string clientId, NamingValues values) =>
        placement.Folder.Length == 0
            ? settings.Layout.DirectoryUnder(settings.StoreDirectory, values)
            : RemoteFolder.IsSafe(placement.Folder)
                ? StorePath.Under(settings.StoreDirectory, Path.Combine(TokenValue.Sanitise(clientId), placement.Folder.Replace('/', Path.DirectorySeparatorChar)))
                : throw new StoreEscapeException(RemoteFolder.Problem(placement.Folder, "remote-folder")!);

    /// <summary>The pattern the archive is named by.</summary>
    /// <exception cref="ConfigurationException">The placement's pattern or time zone is not valid.</exception>
    public static NamingPattern Pattern(Placement placement, NamingPattern receiverPattern) =>
        placement.NamingPattern.Length == 0 ? receiverPattern : ClientPattern(placement);

    private static NamingPattern ClientPattern(Placement placement) =>
        NamingPattern.Parse(placement.NamingPattern, "naming-pattern", NamingTimeZone.Resolve(placement.TimeZone, "time-zone"));
}
