namespace AkkaBackup.Core.Cli;

/// <summary>Bad command-line input found after parsing (a file that is not there, a missing companion option): printed with the usage, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
