using AkkaBackup.Core.Naming;

namespace AkkaBackup.Receiver.Drills;

/// <summary>To <c>/user/drills</c> from this node (the dashboard): drill the newest verified backup of <paramref name="Instance"/> now; <paramref name="AskedBy"/> is for the log.</summary>
public sealed record DrillNow(InstanceKey Instance, string AskedBy);

/// <summary>The drill is queued (or already was, <paramref name="AlreadyQueued"/>); its outcome is recorded like a scheduled drill's.</summary>
public sealed record DrillQueued(string ArchivePath, int Ahead, bool AlreadyQueued);

/// <summary>No drill: nothing to drill, or the store cannot be read; <paramref name="Reason"/> says which.</summary>
public sealed record DrillNotQueued(string Reason);
