namespace AkkaBackup.Client.Snapshots;

/// <summary>Thrown when the data directory cannot be cloned; the message names why (file system type, path) and what would work.</summary>
public class SnapshotUnsupportedException(string message) : Exception(message);
