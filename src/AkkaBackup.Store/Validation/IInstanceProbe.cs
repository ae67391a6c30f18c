using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Store.Validation;

/// <summary>
/// Checks an instance against the real thing before it is saved: log in to MySQL with these credentials,
/// compare <c>@@datadir</c> with the configured data directory, and ask the service controller whether it
/// can see the service. Called only after the pure checks passed.
/// </summary>
public interface IInstanceProbe
{
    /// <returns>The failures, each naming its field; empty when the instance is usable.</returns>
    Task<IReadOnlyList<ValidationFailure>> ProbeAsync(MySqlInstance instance, Secret password, CancellationToken ct);
}
