namespace AkkaBackup.Core.Layout;

/// <summary>A path that would leave the store root. An <see cref="IOException"/>, so filing fails like any I/O failure.</summary>
public sealed class StoreEscapeException(string message) : IOException(message);
