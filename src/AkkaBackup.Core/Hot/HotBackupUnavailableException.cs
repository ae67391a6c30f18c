namespace AkkaBackup.Core.Hot;

/// <summary>A hot backup cannot run on this machine: a tool is missing; the message says which and how to get it.</summary>
public sealed class HotBackupUnavailableException(string message) : Exception(message);
