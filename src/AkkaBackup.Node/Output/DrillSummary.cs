using AkkaBackup.Receiver.Drills;

namespace AkkaBackup.Node.Output;

/// <summary>The last lines of <c>akkabackup drill</c>: the verdict, what was checked, where the report is.</summary>
public static class DrillSummary
{
    public static void Write(TextWriter output, DrillOutcome o, string? reportPath)
    {
        var what = o.BackupType is null ? o.Subject : $"{o.Subject} ({o.BackupType})";
        var checksummed = o.Tables.Count(t => t.Checksum is not null);
        switch (o.Status)
        {
            case DrillStatus.Passed:
                output.WriteLine($"Drill PASSED: {what} restored and started (server {o.ServerVersion}); {o.Tables.Count} tables checked OK, {checksummed} checksummed; {o.Duration.TotalSeconds:0.0} s");
                break;
            case DrillStatus.Refused:
                output.WriteLine($"Drill REFUSED, nothing was restored: {o.Error}");
                break;
            default:
                output.WriteLine($"Drill FAILED at {o.FailedStage.Describe()}: {what} did not prove restorable: {o.Error}");
                break;
        }

        output.WriteLine(reportPath is null ? "No drill report was written." : $"Report: {reportPath}");
    }
}
