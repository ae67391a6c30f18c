using System.Globalization;
using System.Text.RegularExpressions;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
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
            .Require(RemoteFolder.IsSafe(target.RemoteFolder), "remote-folder", RemoteFolder.Problem(target.RemoteFolder, "remote-folder") ?? "")
            .Parses("naming-pattern", () => CheckPattern(target))
            .Require(
                IsDateFormat(target.DateFormat),
                "date-format",
                $"date-format = '{target.DateFormat}' is not a .NET date format such as yyyyMMdd_HHmmss")
            .Parses("time-zone", () => TimeZones.Require(target.TimeZone, "time-zone"))
            .Timeout("request-timeout", target.RequestTimeout)
            .Timeout("verify-timeout", target.VerifyTimeout)
            .Failures;

    /// <summary>Empty leaves the name to the receiver's own pattern; otherwise the pattern as the receiver will get it.</summary>
    private static void CheckPattern(BackupTarget target)
    {
        if (!string.IsNullOrEmpty(target.NamingPattern))
        {
            NamingPattern.Parse(target.NamingPattern, "naming-pattern");
            if (IsDateFormat(target.DateFormat))
            {
                NamingPattern.Parse(NamingPattern.WithDateFormat(target.NamingPattern, target.DateFormat), $"naming-pattern with date-format '{target.DateFormat}'");
            }
        }
    }

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
}
