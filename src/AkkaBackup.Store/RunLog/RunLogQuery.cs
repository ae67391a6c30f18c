namespace AkkaBackup.Store.RunLog;

/// <summary>A filter on the run log; null fields do not filter. Newest runs first.</summary>
/// <param name="From">Runs started at or after this time.</param>
/// <param name="To">Runs started before this time.</param>
/// <param name="ErrorText">Case-insensitive text to find in the error message, stack trace or failing phase.</param>
public sealed record RunLogQuery(
    string? Instance = null,
    RunStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? ErrorText = null,
    int Limit = 100);
