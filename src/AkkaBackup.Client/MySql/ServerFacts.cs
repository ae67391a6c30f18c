namespace AkkaBackup.Client.MySql;

/// <summary>What the running server told us about itself during pre-flight.</summary>
public sealed record ServerFacts(string Version, string DataDirectory, string PidFile, int? Pid, int Port, string Socket);
