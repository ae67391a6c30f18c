using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Instances;

/// <summary>The checks on an instance that need nothing but its values.</summary>
public static class InstanceRules
{
    public static IReadOnlyList<ValidationFailure> Check(MySqlInstance instance)
    {
        var failures = new FailureList()
            .Name("name", instance.Name)
            .Name("server", instance.Server)
            .NotEmpty("host", instance.Host)
            .Port("port", instance.Port)
            .NotEmpty("user", instance.User)
            .Known("service.kind", instance.ServiceKind)
            .Known("type", instance.Type)
            .Require(
                Path.IsPathFullyQualified(instance.DataDirectory),
                "data-directory",
                $"data-directory = '{instance.DataDirectory}' must be an absolute path")
            .Timeout("stop-timeout", instance.StopTimeout)
            .Timeout("start-timeout", instance.StartTimeout)
            .Timeout("probe-timeout", instance.ProbeTimeout)
            .Require(
                instance.CloneDirectory.Length == 0 || Path.IsPathFullyQualified(instance.CloneDirectory),
                "clone-directory",
                $"clone-directory = '{instance.CloneDirectory}' must be an absolute path (or empty: the data directory's parent)")
            .Require(
                instance.OverdueAfter is null || instance.OverdueAfter >= TimeSpan.FromSeconds(1),
                "overdue-after",
                $"overdue-after = {instance.OverdueAfter} must be at least 1 s (or unset: derived from the instance's schedules)");

        if (instance.ServiceKind == ServiceKind.Command)
        {
            failures
                .Require(!string.IsNullOrWhiteSpace(instance.StopCommand), "service.stop-command", "service.stop-command is empty: service.kind = command needs both a stop and a start command")
                .Require(!string.IsNullOrWhiteSpace(instance.StartCommand), "service.start-command", "service.start-command is empty: service.kind = command needs both a stop and a start command");
        }
        else
        {
            failures.Require(!string.IsNullOrWhiteSpace(instance.ServiceName), "service.name", $"service.name is empty: service.kind = {Database.EnumText.ToText(instance.ServiceKind)} needs the service's name");
        }

        return failures.Failures;
    }
}
