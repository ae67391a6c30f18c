namespace AkkaBackup.Receiver.Drills;

/// <summary>The drill's private server did not start, died, or did not stop; the message holds its error log's tail.</summary>
public sealed class DrillServerException(string message) : Exception(message);
