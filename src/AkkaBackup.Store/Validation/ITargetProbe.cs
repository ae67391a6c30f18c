using AkkaBackup.Store.Targets;

namespace AkkaBackup.Store.Validation;

/// <summary>
/// Checks a target against the real receiver before it is saved: reachable, its certificate carries the
/// expected name, and it accepts this client. Called only after the pure checks passed.
/// </summary>
public interface ITargetProbe
{
    /// <returns>The failures, each naming its field; empty when the receiver is usable.</returns>
    Task<IReadOnlyList<ValidationFailure>> ProbeAsync(BackupTarget target, CancellationToken ct);
}
