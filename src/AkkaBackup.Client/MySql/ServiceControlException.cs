namespace AkkaBackup.Client.MySql;

public sealed class ServiceControlException(string message, Exception? inner = null) : Exception(message, inner);
