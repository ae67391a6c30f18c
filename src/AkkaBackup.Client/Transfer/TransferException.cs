namespace AkkaBackup.Client.Transfer;

/// <summary>A transfer error worth retrying: the connection broke, the receiver went away.</summary>
public class TransferException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A transfer error no retry can fix: the local archive changed, or the receiver keeps rejecting a chunk.</summary>
public sealed class PermanentTransferException(string message, Exception? inner = null) : TransferException(message, inner);
