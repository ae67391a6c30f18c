namespace AkkaBackup.Receiver.Configuration;

/// <summary>The fleet catalog (<c>akkabackup.receiver.catalog</c>): its file, how long its rows live, how they are batched.</summary>
public sealed record CatalogSettings(string File, int RetentionDays, TimeSpan FlushInterval, int MaxPending);
