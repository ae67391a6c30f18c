namespace AkkaBackup.Client.Transfer;

public sealed class TransferException(string message, Exception? inner = null) : Exception(message, inner);
