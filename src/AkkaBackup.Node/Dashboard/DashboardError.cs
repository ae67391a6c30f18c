namespace AkkaBackup.Node.Dashboard;

/// <summary>The body of a dashboard API's 400, 401 or 503: what was wrong, in words.</summary>
public sealed record DashboardError(string Error);
