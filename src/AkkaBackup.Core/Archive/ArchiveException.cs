namespace AkkaBackup.Core.Archive;

/// <summary>Archiving or restoring failed; the message names the file, entry or value at fault.</summary>
public sealed class ArchiveException(string message, Exception? inner = null) : Exception(message, inner);
