namespace AkkaBackup.Store;

/// <summary>The store cannot be used as it is (schema too new, key file unsafe or missing, a secret that does not decrypt).</summary>
public sealed class StoreException(string message) : Exception(message);
