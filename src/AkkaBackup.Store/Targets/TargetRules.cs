using System.Globalization;
using System.Text.RegularExpressions;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Targets;

/// <summary>The checks on a target that need nothing but its values.</summary>
public static partial class TargetRules
{
    public static IReadOnlyList<ValidationFailure> Check(BackupTarget target) =>
        new FailureList()
            .Name("name", target.Name)
            .NotEmpty("host", target.Host)
            .Port("port", target.Port)
            .Require(
                SystemName().IsMatch(target.SystemName ?? ""),
                "system-name",
                $"system-name = '{target.SystemName}' is not an actor system name: letters, digits, '-' and '_', starting with a letter or digit")
            .Name("expected-name", target.ExpectedName)
            .Require(
                IsSafeRelativeFolder(target.RemoteFolder),
                "remote-folder",
                $"remote-folder = '{target.RemoteFolder}' must be a relative folder of letters, digits, '.', '_' and '-' separated by '/', without '..'")
            .Parses("naming-pattern", () => NamingPattern.Parse(target.NamingPattern, "naming-pattern"))
            .Require(
                IsDateFormat(target.DateFormat),
                "date-format",
                $"date-format = '{target.DateFormat}' is not a .NET date format such as yyyyMMdd_HHmmss")
            .Parses("time-zone", () => TimeZones.Require(target.TimeZone, "time-zone"))
            .Timeout("request-timeout", target.RequestTimeout)
            .Timeout("verify-timeout", target.VerifyTimeout)
            .Failures;

    // The receiver resolves this below its own store root; no segment may start with a dot, so nothing climbs out.
    private static bool IsSafeRelativeFolder(string? folder) =>
        folder is not null && (folder.Length == 0 || folder.Split('/').All(segment => FolderSegment().IsMatch(segment)));

    private static bool IsDateFormat(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return false;
        }

        try
        {
            _ = DateTimeOffset.UnixEpoch.ToString(format, CultureInfo.InvariantCulture);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SystemName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex FolderSegment();
}
