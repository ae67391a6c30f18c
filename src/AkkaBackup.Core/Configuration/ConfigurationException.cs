namespace AkkaBackup.Core.Configuration;

/// <summary>Bad configuration or command-line input. The message names the setting and the bad value.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
