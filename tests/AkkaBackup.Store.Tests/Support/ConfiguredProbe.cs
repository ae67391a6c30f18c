using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Tests.Support;

/// <summary>
/// Stands in for the real MySQL/service/receiver probes (implemented with the actors, not here): answers
/// with the failures a test configures and counts the calls, so a test can prove a failed probe saves nothing.
/// </summary>
public sealed class ConfiguredProbe : IInstanceProbe, ITargetProbe
{
    public List<ValidationFailure> Failures { get; } = [];

    public int Calls { get; private set; }

    public string? LastPassword { get; private set; }

    public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(MySqlInstance instance, Secret password, CancellationToken ct)
    {
        LastPassword = password.Reveal();
        return Answer();
    }

    public Task<IReadOnlyList<ValidationFailure>> ProbeAsync(BackupTarget target, CancellationToken ct) => Answer();

    private Task<IReadOnlyList<ValidationFailure>> Answer()
    {
        Calls++;
        return Task.FromResult<IReadOnlyList<ValidationFailure>>([.. Failures]);
    }
}
