namespace AkkaBackup.Store.RunLog;

/// <summary>Why a run failed, and what the machine looked like at that moment.</summary>
public sealed record RunError(string Message, string? StackTrace, SystemState State);

/// <summary>The state of the system when an error happened; null where it could not be measured.</summary>
/// <param name="Phase">The run phase the error happened in.</param>
/// <param name="FreeDiskBytes">Free space where the archive is staged.</param>
/// <param name="MemoryBytes">Memory available to the node.</param>
/// <param name="ServerReachable">Whether the database server answered at that moment.</param>
public sealed record SystemState(string Phase, long? FreeDiskBytes, long? MemoryBytes, bool? ServerReachable);
