namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// What a clone holds: regular files and their apparent bytes, directories (the clone's own top directory
/// included), how long the clone took, and what was left out (sockets, FIFOs, devices), one
/// "relative/path: kind" line each for the run log.
/// </summary>
public sealed record CloneResult(long Files, long Bytes, int Directories, TimeSpan Elapsed, IReadOnlyList<string> Skipped);
