using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.MySql;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Core.Naming;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;
using MySqlConnector;

namespace AkkaBackup.Client.Store;

/// <summary>
/// Checks an instance against the real server before it is saved: logs in with MySqlConnector, compares
/// <c>@@datadir</c> with the configured data directory, checks what its backup type needs (a data directory
/// that can be cloned; mariadb-backup's privileges), and asks the service controller for the service.
/// </summary>
/// <param name="snapshotTools">The node's LVM and ZFS programs, for a snapshot instance on LVM or ZFS.</param>
public sealed class MySqlInstanceProbe(SnapshotTools snapshotTools) : IInstanceProbe
{
    public async Task<IReadOnlyList<ValidationFailure>> ProbeAsync(MySqlInstance instance, Secret password, CancellationToken ct)
    {
        var settings = StoredConfiguration.ToSettings(instance, password);
        var failures = new List<ValidationFailure>();
        try
        {
            var facts = await MySqlProbe.InspectAsync(settings, ct);
            if (!DataDirectories.Same(facts.DataDirectory, instance.DataDirectory))
            {
                failures.Add(new ValidationFailure("data-directory",
                    $"data-directory = '{instance.DataDirectory}' is not the server's data directory: the server says @@datadir = '{facts.DataDirectory}'"));
            }
        }
        catch (PreflightException e)
        {
            // Refused credentials are the user's or password's fault; anything else is the address's.
            var field = e.InnerException is MySqlException { ErrorCode: MySqlErrorCode.AccessDenied } ? "password" : "host";
            failures.Add(new ValidationFailure(field, Masked(e.Message, password)));
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or TimeoutException)
        {
            failures.Add(new ValidationFailure("host", Masked($"cannot reach the server at {instance.Host}:{instance.Port}: {e.Message}", password)));
        }

        if (failures.Count == 0 && await TypeProblemAsync(settings, ct) is { } typeProblem)
        {
            failures.Add(new ValidationFailure("type", Masked(typeProblem, password)));
        }

        if (await ServiceVisibility.ProblemAsync(settings, ct) is { } problem)
        {
            failures.Add(new ValidationFailure("service.name", $"service.name = '{instance.ServiceName}' is not visible to the service controller: {problem}"));
        }

        return failures;
    }

    /// <summary>The checks pre-flight makes for the type (except the tool's path, which is the node's setting).</summary>
    private async Task<string?> TypeProblemAsync(InstanceSettings settings, CancellationToken ct) => settings.Type switch
    {
        BackupType.Snapshot => await TypePreflight.SnapshotProblemAsync(settings, snapshotTools, ct),
        BackupType.Hot => await TypePreflight.MissingPrivilegesAsync(settings, ct),
        _ => null,
    };

    private static string Masked(string message, Secret password) =>
        password.IsEmpty ? message : message.Replace(password.Reveal(), Secret.Mask, StringComparison.Ordinal);
}
