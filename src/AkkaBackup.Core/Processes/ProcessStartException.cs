namespace AkkaBackup.Core.Processes;

/// <summary>The program could not be started (no such file, not executable); the message names it.</summary>
public sealed class ProcessStartException(string fileName, Exception cause)
    : Exception($"cannot run '{fileName}': {cause.Message}", cause);
