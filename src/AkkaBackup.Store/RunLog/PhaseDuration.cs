namespace AkkaBackup.Store.RunLog;

/// <summary>How long a run spent in one phase (<c>Preflight</c>, <c>StoppingServer</c>, <c>Archiving</c>, …).</summary>
public sealed record PhaseDuration(string Phase, TimeSpan Duration);
