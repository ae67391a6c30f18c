namespace AkkaBackup.Client.MySql;

/// <summary>A pre-flight check failed: the run stops before anything is touched.</summary>
public sealed class PreflightException(string message, Exception? inner = null) : Exception(message, inner);
