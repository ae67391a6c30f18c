namespace AkkaBackup.Store.Catalog;

/// <summary>
/// A client/instance the receiver has stored a backup of, as its dead man's switch tracks it.
/// <paramref name="OverdueFor"/> is the last filing's time when an overdue alert was raised for it (the
/// episode); null while the instance is not known to be overdue.
/// </summary>
public sealed record WatchedInstance(string Client, string Instance, DateTimeOffset LastFiled, DateTimeOffset? OverdueFor, DateTimeOffset? OverdueSince)
{
    public override string ToString() => $"{Client}/{Instance}";
}
