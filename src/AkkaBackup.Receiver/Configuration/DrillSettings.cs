using AkkaBackup.Core.Scheduling;

namespace AkkaBackup.Receiver.Configuration;

/// <summary>
/// Restore drills (<c>akkabackup.receiver.drills</c>): when the receiver drills the newest backup of each
/// client/instance on its own, where the scratch copies go and how long each step may take.
/// </summary>
/// <param name="Schedule">null: no scheduled drills (<c>akkabackup drill</c> still works by hand).</param>
/// <param name="ScheduleText">The cron expression as configured, for the log.</param>
/// <param name="ScratchReserve">Room needed in the scratch directory beyond the restored data (redo log, temporary tables, prepare).</param>
/// <param name="StartTimeout">How long the private server may take to answer on its socket.</param>
/// <param name="Timeout">How long one whole drill may take; past it the drill fails and its scratch copy is removed.</param>
public sealed record DrillSettings(
    CronSchedule? Schedule,
    string ScheduleText,
    string ScratchDirectory,
    long ScratchReserve,
    TimeSpan StartTimeout,
    TimeSpan Timeout);
