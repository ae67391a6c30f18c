namespace AkkaBackup.Receiver.Drills;

/// <summary>Pre-flight refused a drill (scratch space, server binaries, scratch path); nothing was restored.</summary>
public sealed class DrillRefusedException(string message) : Exception(message);
